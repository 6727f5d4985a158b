import { badRequest } from '../errors.js';
import type { OperationContext, OperationHandlers } from './types.js';

type TagOperations = Pick<OperationHandlers, 'TagResource' | 'UntagResource' | 'ListTagsForResource'>;

/** AppConfig allows 50 tags per resource (TagResource). */
const MAX_TAGS = 50;

export function tagOperations({ state }: OperationContext): TagOperations {
  return {
    TagResource(input) {
      const tags = { ...state.tagsOf(input.ResourceArn), ...input.Tags };
      if (Object.keys(tags).length > MAX_TAGS)
        throw badRequest(`A resource can have at most ${MAX_TAGS} tags; ${input.ResourceArn} would have ${Object.keys(tags).length}.`);
      state.tags.set(input.ResourceArn, tags);
      return {};
    },
    UntagResource(input) {
      const tags = Object.fromEntries(Object.entries(state.tagsOf(input.ResourceArn)).filter(([key]) => !input.TagKeys.includes(key)));
      state.tags.set(input.ResourceArn, tags);
      return {};
    },
    ListTagsForResource: (input) => ({ Tags: state.tagsOf(input.ResourceArn) }),
  };
}

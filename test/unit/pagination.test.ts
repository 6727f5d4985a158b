import { describe, expect, it } from 'vitest';
import { EmulatorError } from '../../src/emulator/errors.js';
import { createPaginator, type Positioned } from '../../src/emulator/pagination.js';

const items = (names: string[], from = 0): Array<Positioned<string>> => names.map((item, i) => ({ position: from + i, item }));

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof EmulatorError) return `${error.name}: ${error.message}`;
    throw error;
  }
  return 'accepted';
}

describe('list pages', () => {
  const paginator = createPaginator(Buffer.alloc(32, 7));

  it('pages in order, with a NextToken only while items remain', () => {
    const all = items(['a', 'b', 'c', 'd', 'e']);
    const first = paginator.page('ListApplications', { MaxResults: 2 }, all);
    expect(first.Items).toEqual(['a', 'b']);
    const second = paginator.page('ListApplications', { MaxResults: 2, NextToken: first.NextToken }, all);
    expect(second.Items).toEqual(['c', 'd']);
    const last = paginator.page('ListApplications', { MaxResults: 2, NextToken: second.NextToken }, all);
    expect(last).toEqual({ Items: ['e'] });
    expect(paginator.page('ListApplications', { MaxResults: 5 }, all)).toEqual({ Items: ['a', 'b', 'c', 'd', 'e'] });
  });

  it('neither repeats nor skips an item when items are added between pages', () => {
    const before = items(['a', 'b', 'c']);
    const first = paginator.page('ListApplications', { MaxResults: 2 }, before);
    // Two new items arrive (at the end of creation order) before the next page is asked for.
    const after = [...before, ...items(['d', 'e'], 3)];
    const second = paginator.page('ListApplications', { MaxResults: 2, NextToken: first.NextToken }, after);
    const third = paginator.page('ListApplications', { MaxResults: 2, NextToken: second.NextToken }, after);
    expect([...first.Items, ...second.Items, ...third.Items]).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('resumes after the last item seen even when it was deleted meanwhile', () => {
    const all = items(['a', 'b', 'c', 'd']);
    const first = paginator.page('ListApplications', { MaxResults: 2 }, all);
    const withoutB = all.filter((entry) => entry.item !== 'b');
    expect(paginator.page('ListApplications', { NextToken: first.NextToken }, withoutB).Items).toEqual(['c', 'd']);
  });

  it('refuses a token given to another operation, with other parameters, altered, or from another emulator', () => {
    const { NextToken } = paginator.page('ListEnvironments', { ApplicationId: 'app1', MaxResults: 1 }, items(['a', 'b']));
    expect(refusal(() => paginator.page('ListEnvironments', { ApplicationId: 'app1', NextToken }, items(['a', 'b'])))).toBe('accepted');
    expect(refusal(() => paginator.page('ListEnvironments', { ApplicationId: 'app1', MaxResults: 2, NextToken }, items(['a', 'b'])))).toBe('accepted');
    expect(refusal(() => paginator.page('ListDeploymentStrategies', { NextToken }, items(['a', 'b'])))).toMatch(
      /^BadRequestException: The NextToken was issued for a different request/,
    );
    expect(refusal(() => paginator.page('ListEnvironments', { ApplicationId: 'app2', NextToken }, items(['a', 'b'])))).toMatch(/different request/);
    const altered = `${NextToken!.slice(0, -2)}AA`;
    expect(refusal(() => paginator.page('ListEnvironments', { ApplicationId: 'app1', NextToken: altered }, items(['a', 'b'])))).toBe(
      'BadRequestException: The NextToken is not valid.',
    );
    expect(refusal(() => createPaginator().page('ListEnvironments', { ApplicationId: 'app1', NextToken }, items(['a', 'b'])))).toBe(
      'BadRequestException: The NextToken is not valid.',
    );
    expect(refusal(() => paginator.page('ListEnvironments', { ApplicationId: 'app1', NextToken: 'garbage' }, items(['a', 'b'])))).toBe(
      'BadRequestException: The NextToken is not valid.',
    );
  });

  it('says nothing readable about where it points', () => {
    const { NextToken } = paginator.page('ListApplications', { MaxResults: 1 }, items(['a', 'b']));
    expect(NextToken).not.toMatch(/ListApplications|offset/);
  });
});

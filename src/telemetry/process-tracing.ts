import { startTracing, type Tracing, tracingSettings } from './tracing.js';

/**
 * This process's tracing, started as main.ts's first import: the AWS SDK instrumentation patches the
 * SDK's modules as they are first loaded, so it must be registered before any module imports
 * `@aws-sdk/client-appconfig`, and ES modules evaluate their imports in order, this one first.
 * Undefined when no OTEL_* variable asks for tracing (the SDK is then never loaded), or when they
 * are invalid (loadConfig reports why, with every other problem, and the process exits).
 */
const { settings } = tracingSettings(process.env);
export const processTracing: Tracing | undefined = settings ? startTracing(settings) : undefined;

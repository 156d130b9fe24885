/**
 * Measurement entry points used only by the benchmark harness (npm run bench). Kept apart from the
 * product API so the studio worker's surface stays small.
 */
export const benchApi = {};

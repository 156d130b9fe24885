/** Names the page, the service worker and the tests agree on. */

/** Cache Storage name of the weight files fetched from this site's /models/ (bump to drop old weights). */
export const MODELS_CACHE = 'cgs-models-v1';

/** The message workbox-window's messageSkipWaiting() sends; the worker then activates. */
export const SKIP_WAITING = 'SKIP_WAITING';

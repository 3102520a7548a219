// The change event types, without zod: client components (the live-update stream, the webhook
// form) import this list, and a module that builds zod schemas would make zod probe for eval in
// the browser, which the pages' Content-Security-Policy reports as a violation.

/** Every change event type a subscription can ask for. */
export const CHANGE_EVENT_TYPES = ["api.created", "api.updated", "api.gone", "api.restored", "api.registered", "api.deregistered", "api.spec.changed", "api.check_changed", "api.health_changed"] as const;

export type ChangeEventTypeName = (typeof CHANGE_EVENT_TYPES)[number];

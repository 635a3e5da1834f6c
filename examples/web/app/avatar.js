import { h } from "./dom.js";
import { hueOf, initials } from "./format.js";

/**
 * A round avatar with initials, and a presence dot when `online` is given.
 * @param {string} name
 * @param {string} id
 * @param {{online?: boolean, group?: boolean}} [options]
 */
export function avatar(name, id, { online, group = false } = {}) {
  return h(
    "span",
    { class: `avatar${group ? " group" : ""}`, style: `--hue: ${hueOf(id)}`, "aria-hidden": "true" },
    group ? "#" : initials(name),
    online === undefined ? null : h("span", { class: `presence-dot${online ? " online" : ""}` }),
  );
}

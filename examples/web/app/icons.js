const SVG = "http://www.w3.org/2000/svg";

/** Line drawings on a 24×24 grid (no icon font, no emoji font needed). */
const SHAPES = {
  compose: ["M4 20h4L19 9l-4-4L4 16z", "M13 7l4 4"],
  group: ["M9 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6z", "M3 19c0-3.3 2.7-5 6-5s6 1.7 6 5", "M16.5 11a2.5 2.5 0 1 0 0-5", "M17 14c2.5.3 4 1.9 4 4.5"],
  logout: ["M14 4h5v16h-5", "M10 8l-4 4 4 4", "M6 12h10"],
  attach: ["M20 11.5l-7.8 7.8a5 5 0 0 1-7.1-7.1l8-8a3.4 3.4 0 0 1 4.8 4.8l-8 8a1.7 1.7 0 0 1-2.4-2.4l7.3-7.3"],
  send: ["M4 12L20 4l-5 16-3.5-6.5z", "M11.5 13.5L20 4"],
  back: ["M15 5l-7 7 7 7"],
  close: ["M6 6l12 12", "M18 6L6 18"],
  file: ["M6 3h8l4 4v14H6z", "M14 3v4h4"],
  phone: ["M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2z"],
  video: ["M3 7h12v10H3z", "M15 10.5l6-3.5v10l-6-3.5"],
  mic: ["M12 3a3 3 0 0 0-3 3v6a3 3 0 0 0 6 0V6a3 3 0 0 0-3-3z", "M5 11a7 7 0 0 0 14 0", "M12 18v3"],
  micOff: ["M12 3a3 3 0 0 0-3 3v6a3 3 0 0 0 6 0V6a3 3 0 0 0-3-3z", "M5 11a7 7 0 0 0 14 0", "M12 18v3", "M4 4l16 16"],
  videoOff: ["M3 7h12v10H3z", "M15 10.5l6-3.5v10l-6-3.5", "M3 3l18 18"],
  hangup: ["M3 14c5-5 13-5 18 0l-2.5 3-3.5-1.5v-3a10 10 0 0 0-6 0v3L5.5 17z"],
  chats: ["M4 5h16v11H9l-5 4z"],
  incoming: ["M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2z", "M21 3l-6 6", "M15 5v4h4"],
  outgoing: ["M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2z", "M15 9l6-6", "M17 3h4v4"],
  bell: ["M6 16V11a6 6 0 0 1 12 0v5l1.5 2h-15z", "M10 20.5a2 2 0 0 0 4 0"],
  bellOff: ["M6 16V11a6 6 0 0 1 12 0v5l1.5 2h-15z", "M10 20.5a2 2 0 0 0 4 0", "M4 4l16 16"],
};

/**
 * An inline SVG icon, hidden from assistive technology (the button around
 * it carries the label).
 * @param {keyof typeof SHAPES} name
 * @returns {SVGSVGElement}
 */
export function icon(name) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", "22");
  svg.setAttribute("height", "22");
  svg.setAttribute("fill", "none");
  svg.setAttribute("stroke", "currentColor");
  svg.setAttribute("stroke-width", "1.8");
  svg.setAttribute("stroke-linecap", "round");
  svg.setAttribute("stroke-linejoin", "round");
  svg.setAttribute("aria-hidden", "true");
  svg.classList.add("icon");
  for (const d of SHAPES[name]) {
    const path = document.createElementNS(SVG, "path");
    path.setAttribute("d", d);
    svg.appendChild(path);
  }
  return svg;
}

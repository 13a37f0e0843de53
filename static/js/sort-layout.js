// How the grid is drawn for the screen it is on; the model and the targets stay the same.
//   "columns": the columns side by side, least important on the left (wide landscape screens);
//   "ladder":  one row per column value, most important on top, its cards side by side
//              (portrait tablets and narrow landscape: every card keeps a readable width);
//   "phone":   the ladder with one card per line and the column picker as a 3 × 3 block.
// The order of the columns in the document follows the drawing, so Tab and screen readers
// meet them in the order the eye does.

const PHONE_MAX_PX = 480;
const COLUMN_MIN_PX = 125; // narrower columns would leave a 16 px card about ten letters a line

export function layoutFor(width, columns) {
  if (width <= PHONE_MAX_PX) return "phone";
  return (width - 32) / columns >= COLUMN_MIN_PX ? "columns" : "ladder";
}

export function applyLayout(root) {
  const board = root.querySelector('[data-js="board"]');
  const columns = [...board.querySelectorAll(".column")];
  const layout = layoutFor(document.documentElement.clientWidth, columns.length);
  if (root.dataset.layout === layout) return;
  root.dataset.layout = layout;
  const value = (el) => Number(el.dataset.target.slice(4));
  columns.sort((a, b) => (layout === "columns" ? value(a) - value(b) : value(b) - value(a)));
  columns.forEach((el) => board.appendChild(el));
}

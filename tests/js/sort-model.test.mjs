// node --test tests/js: the sort model's pure functions, without a browser.
import assert from "node:assert/strict";
import { test } from "node:test";

import { PILES, columnLabels, createModel } from "../../static/js/sort-model.js";

const GRID = [
  { value: -1, height: 1, label: "-1" },
  { value: 0, height: 2, label: "0" },
  { value: 1, height: 1, label: "+1" },
];
const IDS = [11, 12, 13, 14];

test("a stored draft is cleaned: unknown and repeated ids dropped, missing ones unsorted", () => {
  const model = createModel({ columns: { 0: [11, 99, 11] }, piles: { more: [12] } }, IDS, GRID);
  assert.deepEqual(model.state.columns, { "-1": [], 0: [11], 1: [] });
  assert.deepEqual(model.state.piles, { unsorted: [13, 14], less: [], neutral: [], more: [12] });
  assert.equal(model.state.step, "intro");
  assert.equal(model.state.version, 1);
});

test("move puts a card where asked, bumps the version and tells the listeners", () => {
  const model = createModel({}, IDS, GRID);
  const seen = [];
  model.subscribe((state, detail) => seen.push([state.version, detail.kind, detail.target]));
  model.move(13, "col:0");
  model.move(14, "col:0", 0);
  assert.deepEqual(model.state.columns[0], [14, 13]);
  assert.equal(model.where(13), "col:0");
  assert.equal(model.where(11), "pile:unsorted");
  assert.deepEqual(seen, [[2, "move", "col:0"], [3, "move", "col:0"]]);
});

test("a move to the same place changes nothing", () => {
  const model = createModel({ columns: { 1: [11] } }, IDS, GRID);
  let calls = 0;
  model.subscribe(() => (calls += 1));
  model.move(11, "col:1");
  assert.equal(calls, 0);
  assert.equal(model.state.version, 1);
});

test("complete only when every pile is empty and every column holds its height", () => {
  const model = createModel({}, IDS, GRID);
  model.move(11, "col:-1");
  model.move(12, "col:0");
  model.move(13, "col:0");
  assert.equal(model.complete(), false);
  assert.deepEqual(model.unplaced(), [14]);
  model.move(14, "col:1");
  assert.equal(model.complete(), true);
  model.move(14, "col:0");
  assert.equal(model.complete(), false);
});

test("comments and the free choice are set, cleared and counted as changes", () => {
  const model = createModel({}, IDS, GRID);
  model.setComment(11, "why");
  model.setComment(11, "why");
  assert.deepEqual(model.state.comments, { 11: "why" });
  model.setComment(11, "");
  assert.deepEqual(model.state.comments, {});
  model.setFreeChoice("more time");
  model.setStep("grid");
  assert.equal(model.state.version, 5);
  const copy = model.snapshot();
  copy.piles.unsorted.length = 0;
  assert.equal(model.state.piles.unsorted.length, 4);
});

test("column labels come from the page config, keyed by value", () => {
  assert.deepEqual(columnLabels(GRID), { "-1": "-1", 0: "0", 1: "+1" });
  assert.deepEqual(PILES, ["unsorted", "less", "neutral", "more"]);
});

// node --test tests/js: the message helper every script fills its messages with.
import assert from "node:assert/strict";
import { test } from "node:test";

import { format } from "../../static/js/format.js";

test("fills {name} and %(name)s fields", () => {
  assert.equal(format("Card {id} to {column}", { id: 7, column: "+3" }), "Card 7 to +3");
  assert.equal(format("Factor %(factor)s", { factor: 2 }), "Factor 2");
  assert.equal(format("{n} of {n}", { n: 0 }), "0 of 0");
});

test("leaves a field without a value as written", () => {
  assert.equal(format("Card {id} to {column}", { id: 7 }), "Card 7 to {column}");
  assert.equal(format("no fields", { id: 1 }), "no fields");
});

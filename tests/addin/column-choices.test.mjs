// The user's column choices as the page and the add-in hold them
// (web/mapping-memory.js), over a store like the workbook's settings:
// what is kept, when it is used, and what is never kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ColumnChoices, MappingMemory } from '../../web/mapping-memory.js';

/** A store in memory, as the workbook's settings hold text. */
function store() {
  const held = { text: /** @type {string | null} */ (null) };
  return { held, read: async () => held.text, write: async (/** @type {string | null} */ text) => { held.text = text; } };
}

const columns = (...headers) => headers.map((header, index) => ({ index, header, field: null }));
const register = columns('Pers.nr', 'Kön', 'Startdatum', 'Språkkurs');

test('choices made are kept once a check ran with them, and used for the next register with the same headers', async () => {
  const settings = store();
  const first = new ColumnChoices(new MappingMemory(settings));
  first.choose({ Språkkurs: 'indicator:O.2.3.1' });
  assert.equal(settings.held.text, null, 'nothing kept before the check ran');
  await first.checked(register);
  assert.deepEqual(JSON.parse(settings.held.text ?? ''), [{ headers: ['Pers.nr', 'Kön', 'Startdatum', 'Språkkurs'], mapping: { Språkkurs: 'indicator:O.2.3.1' } }]);

  // The corrected file, checked afresh (another page load, the same store).
  const next = new ColumnChoices(new MappingMemory(settings));
  assert.equal(await next.useKept(register), true);
  assert.deepEqual(next.mapping, { Språkkurs: 'indicator:O.2.3.1' });
  assert.equal(next.kept, true);
  // Kept choices are not written again.
  settings.held.text = 'untouched';
  await next.checked(register);
  assert.equal(settings.held.text, 'untouched');
});

test('the user\'s own choices, none at all too, go before kept ones; other headers have none kept', async () => {
  const settings = store();
  const choices = new ColumnChoices(new MappingMemory(settings));
  choices.choose({ Språkkurs: 'indicator:O.2.3.1' });
  await choices.checked(register);

  const own = new ColumnChoices(new MappingMemory(settings));
  own.choose({ Språkkurs: '-' });
  assert.equal(await own.useKept(register), false);
  assert.deepEqual(own.mapping, { Språkkurs: '-' });
  const none = new ColumnChoices(new MappingMemory(settings));
  none.choose({});
  assert.equal(await none.useKept(register), false, 'choosing nothing is a choice');
  const other = new ColumnChoices(new MappingMemory(settings));
  assert.equal(await other.useKept(columns('Pers.nr', 'Kön')), false);
  assert.deepEqual(other.mapping, {});
});

test('another sheet starts afresh, leaving what is kept; forgetting drops the kept choices and the ones in use', async () => {
  const settings = store();
  const choices = new ColumnChoices(new MappingMemory(settings));
  choices.choose({ Språkkurs: 'indicator:O.2.3.1' });
  await choices.checked(register);
  const kept = settings.held.text;
  // Choices made, then another sheet chosen before a check ran with them.
  choices.choose({ Kön: '-' });
  choices.clear();
  await choices.checked(register);
  assert.equal(settings.held.text, kept, 'nothing kept or forgotten for the sheet left');

  await choices.forget(register);
  assert.equal(settings.held.text, null);
  assert.deepEqual([choices.mapping, choices.kept, choices.changed], [{}, false, false]);
});

test('a header row the user pointed at is found again among the first rows; a data row is never kept', async () => {
  const settings = store();
  const choices = new ColumnChoices(new MappingMemory(settings));
  choices.choose({ 'Pers.nr': 'id' });
  await choices.checked(register);
  const rows = [
    { number: 1, cells: ['Deltagare 2025'] },
    { number: 3, cells: ['Pers.nr', 'Kön', 'Startdatum', 'Språkkurs'] },
  ];
  const again = new ColumnChoices(new MappingMemory(settings));
  assert.equal(await again.useKeptRow(rows), 3);
  assert.deepEqual([again.mapping, again.kept], [{ 'Pers.nr': 'id' }, true]);

  const data = new ColumnChoices(new MappingMemory(store()));
  const dataRow = columns('19811218-9876', 'Kvinna', '2025-02-03', 'X');
  data.choose({ '19811218-9876': 'id' });
  await data.checked(dataRow);
  assert.equal(await new ColumnChoices(data.memory).useKept(dataRow), false, 'identifiers and dates are never kept');
});

// The rendered manifest, checked offline. No npm or PyPI package ships
// Microsoft's manifest XSDs, so the schema's rules for a TaskPaneApp that the
// template uses are checked here: well-formed XML, the element order of the
// OfficeApp sequence (schema v1.1), required elements, length limits,
// GUID and version forms, HTTPS URLs under the hosting address.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { renderManifest } from '../../pkg-templates/addin/render-manifest.mjs';

// OfficeApp's child sequence in OfficeAppManifest v1.1 (TaskPaneApp subset, in order).
const sequence = [
  'Id', 'AlternateId', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description', 'IconUrl',
  'HighResolutionIconUrl', 'SupportUrl', 'AppDomains', 'Hosts', 'Requirements', 'DefaultSettings', 'Permissions',
  'AllowSnapshot', 'VersionOverrides',
];
const required = ['Id', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description', 'DefaultSettings', 'Permissions'];
const base = 'https://register.example.org/amif-check';

function parse(xml) {
  assert.equal(XMLValidator.validate(xml), true);
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', preserveOrder: true, commentPropName: '#comment' });
  const document = parser.parse(xml);
  const root = document.find((node) => 'OfficeApp' in node);
  return { root, children: root.OfficeApp.filter((node) => !('#comment' in node)) };
}

const nameOf = (node) => Object.keys(node).find((key) => key !== ':@');
const textOf = (node) => node[nameOf(node)]?.[0]?.['#text'];
const attr = (node, name) => node[':@']?.[`@${name}`];

test('the rendered manifest follows the TaskPaneApp schema rules', () => {
  const xml = renderManifest({ baseUrl: `${base}/`, version: '1.2.3.4' });
  assert.ok(!xml.includes('{{'), 'no placeholder left');
  const { root, children } = parse(xml);
  assert.equal(attr(root, 'xmlns'), 'http://schemas.microsoft.com/office/appforoffice/1.1');
  assert.equal(attr(root, 'xsi:type'), 'TaskPaneApp');

  const names = children.map(nameOf);
  for (const name of required) assert.ok(names.includes(name), `${name} present`);
  const positions = names.map((name) => sequence.indexOf(name));
  assert.ok(positions.every((p) => p >= 0), `only schema elements: ${names}`);
  assert.deepEqual(positions, [...positions].sort((a, b) => a - b), 'schema order');

  const byName = Object.fromEntries(children.map((node) => [nameOf(node), node]));
  assert.match(textOf(byName.Id), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(textOf(byName.Version), '1.2.3.4');
  assert.equal(textOf(byName.DefaultLocale), 'sv-SE');
  assert.ok(attr(byName.DisplayName, 'DefaultValue').length <= 125);
  assert.ok(attr(byName.Description, 'DefaultValue').length <= 250);
  for (const override of byName.Description.Description) {
    if (attr(override, 'Value')) assert.ok(attr(override, 'Value').length <= 250);
  }
  for (const name of ['IconUrl', 'HighResolutionIconUrl', 'SupportUrl']) {
    assert.ok(attr(byName[name], 'DefaultValue').startsWith(`${base}/`), name);
  }
  const source = byName.DefaultSettings.DefaultSettings.find((node) => 'SourceLocation' in node);
  assert.equal(attr(source, 'DefaultValue'), `${base}/addin/taskpane.html?office=1`);
  assert.equal(attr(byName.Hosts.Hosts[0], 'Name'), 'Workbook');
  const sets = byName.Requirements.Requirements[0].Sets;
  assert.equal(attr(sets[0], 'Name'), 'ExcelApi');
  assert.equal(attr(sets[0], 'MinVersion'), '1.7');
  assert.equal(textOf(byName.Permissions), 'ReadWriteDocument');
});

test('the id is stable per hosting address and can be chosen', () => {
  const id = (xml) => /<Id>([^<]+)<\/Id>/.exec(xml)[1];
  assert.equal(id(renderManifest({ baseUrl: base })), id(renderManifest({ baseUrl: `${base}/` })));
  assert.notEqual(id(renderManifest({ baseUrl: base })), id(renderManifest({ baseUrl: 'https://other.example.org' })));
  const chosen = '0a1b2c3d-1111-4222-8333-444455556666';
  assert.equal(id(renderManifest({ baseUrl: base, id: chosen })), chosen);
});

test('bad input is refused', () => {
  assert.throws(() => renderManifest({ baseUrl: 'http://example.org' }), /https/);
  assert.throws(() => renderManifest({ baseUrl: base, id: 'nope' }), /GUID/);
  assert.throws(() => renderManifest({ baseUrl: base, version: '1.x' }), /version/);
  assert.throws(() => renderManifest({ baseUrl: `${base}?a=1` }), /query/);
});

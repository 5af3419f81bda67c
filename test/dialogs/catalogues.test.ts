import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUTTONS_FILE, dialogForButton, loadButtons } from '../../messages/buttons.js';
import { FORMS_FILE, loadForms } from '../../dialogs/ticketForms.js';
import { DIALOG_NAMES } from '../../knowledge/types.js';

/** Loads a changed copy of a catalogue file; returns the error message or undefined. */
function loadChanged(file: string, load: (f: string) => unknown, from: string, to: string): string | undefined {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'slb-cat-'));
  const copy = path.join(dir, path.basename(file));
  const text = readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`fixture: "${from}" not in ${file}`);
  writeFileSync(copy, text.replace(from, to));
  try {
    load(copy);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the button catalogue', () => {
  it('routes every dialog button label to its dialog', () => {
    const buttons = loadButtons();
    for (const dialog of DIALOG_NAMES) expect(dialogForButton(buttons.dialogs[dialog])).toBe(dialog);
  });

  it('refuses a missing button name and a label used twice', () => {
    expect(loadChanged(BUTTONS_FILE, loadButtons, 'editField: Wijzig een veld\n', '')).toMatch(
      /buttons: .*buttons\.yaml: .* at editField/,
    );
    expect(loadChanged(BUTTONS_FILE, loadButtons, 'ticket_status: Mijn tickets', 'ticket_status: Servicedesk')).toMatch(
      /the label "servicedesk" is used twice/,
    );
  });
});

describe('the form catalogue', () => {
  it('has the five servicedesk forms with their fields', () => {
    expect(loadForms().forms.map((f) => `${f.dialog}:${f.fields.map((x) => x.key).join(',')}`)).toEqual([
      'order_correction:order,wrong,should',
      'contact_change:role,name,email,date',
      'basispakket_reduction:number,reason',
      'claim_request:reason',
      'general_request:question,email',
    ]);
  });

  it('names file and line of an unknown field type, a choice without options and a broken template', () => {
    expect(
      loadChanged(
        FORMS_FILE,
        loadForms,
        'type: email\n        label: E-mailadres nieuwe',
        'type: mail\n        label: E-mailadres nieuwe',
      ),
    ).toMatch(/forms: .*forms\.yaml:\d+: .*\(at forms\.contact_change\.fields\.2\.type\)/);
    expect(
      loadChanged(
        FORMS_FILE,
        loadForms,
        '        options:\n          - label: Microsoft-contactpersoon',
        '        opties:\n          - label: Microsoft-contactpersoon',
      ),
    ).toMatch(/forms: .*forms\.yaml:\d+: /);
    expect(
      loadChanged(
        FORMS_FILE,
        loadForms,
        'met referentie {{reference}}. Zij nemen contact met je op.',
        'met referentie {{#if reference}}. Zij nemen contact met je op.',
      ),
    ).toMatch(/not a valid template/);
  });
});

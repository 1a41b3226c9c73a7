import { describe, expect, it } from 'vitest';
import { normaliseText } from '../../src/speech/normalise-text.js';

const ENGLISH: Array<[string, string]> = [
  ['Plants use **light** and *water* with `code`.', 'Plants use light and water with code.'],
  ['See [the docs](https://example.com) and ![a leaf](leaf.png).', 'See the docs and a leaf.'],
  ['__Strong__ and _soft_ and ~~gone~~ words', 'Strong and soft and gone words'],
  ['## Heading', 'Heading'],
  ['- a bullet', 'a bullet'],
  ['snake_case_name stays', 'snake_case_name stays'],
  ['3 × 4 = 12', '3 times 4 equals 12'],
  ['It is 25 °C today', 'It is 25 degrees Celsius today'],
  ['Water boils at 212°F.', 'Water boils at 212 degrees Fahrenheit.'],
  ['Turn 90° left', 'Turn 90 degrees left'],
  ['It costs €5.', 'It costs 5 euros.'],
  ['It costs $3.50 now', 'It costs 3 dollars 50 now'],
  ['Only $1 each', 'Only 1 dollar each'],
  ['A $2 million grant', 'A 2 million dollars grant'],
  ['It costs 5 €', 'It costs 5 euros'],
  ['£10', '10 pounds'],
  ['Growth of 50%', 'Growth of 50 percent'],
  ['Fruit, e.g. apples', 'Fruit, for example apples'],
  ['E.g. apples are fruit', 'For example apples are fruit'],
  ['Leaves, i.e. the green parts', 'Leaves, that is the green parts'],
  ['Apples, pears, etc. are fruit', 'Apples, pears, et cetera are fruit'],
  ['Apples, pears, etc. Then more.', 'Apples, pears, et cetera. Then more.'],
  ['Apples, pears etc.', 'Apples, pears et cetera.'],
  ['Cats vs. dogs', 'Cats versus dogs'],
  ['Salt & pepper', 'Salt and pepper'],
  ['Input → output', 'Input to output'],
  ['CO₂ and H₂O', 'C O 2 and H 2 O'],
  ['H₂SO₄ is an acid', 'H 2 S O 4 is an acid'],
  ['x ≈ 3', 'x approximately 3'],
  ['a ≤ b and c ≥ d', 'a is less than or equal to b and c is greater than or equal to d'],
  ['5 ± 0.1', '5 plus or minus 0.1'],
  ['a ≠ b', 'a is not equal to b'],
  ['10 km/h', '10 kilometres per hour'],
  ['speed in km/h', 'speed in kilometres per hour'],
  ['9.8 m/s²', '9.8 metres per second squared'],
  ['A 5 km run and 1 kg of rice', 'A 5 kilometres run and 1 kilogram of rice'],
  ['Wait 200 ms', 'Wait 200 milliseconds'],
  ['x² + y³', 'x squared + y cubed'],
  ['10⁶ cells', '10 to the power of 6 cells'],
  ['and/or', 'and or'],
  ['input/output', 'input or output'],
  ['TCP/IP stays', 'TCP/IP stays'],
  ['~5 people', 'about 5 people'],
  ['In 1990 there were 1,234 people', 'In 1990 there were 1,234 people'],
  ['  extra   spaces , here  ', 'extra spaces, here'],
];

const FRENCH: Array<[string, string]> = [
  ['3 × 4 = 12', '3 fois 4 égale 12'],
  ['Il fait 25 °C', 'Il fait 25 degrés Celsius'],
  ['Ça coûte 5 €.', 'Ça coûte 5 euros.'],
  ['Ça coûte 1,50 €', 'Ça coûte 1 euro 50'],
  ['Ça coûte €3,50', 'Ça coûte 3 euros 50'],
  ['Une hausse de 50 %', 'Une hausse de 50 pour cent'],
  ['Des fruits, p. ex. des pommes', 'Des fruits, par exemple des pommes'],
  ['Des fruits, par ex. des pommes', 'Des fruits, par exemple des pommes'],
  ['Les feuilles, c.-à-d. les parties vertes', 'Les feuilles, c’est-à-dire les parties vertes'],
  ['Pommes, poires, etc.', 'Pommes, poires, et cetera.'],
  ['Sel & poivre', 'Sel et poivre'],
  ['Entrée → sortie', 'Entrée vers sortie'],
  ['10 km/h', '10 kilomètres par heure'],
  ['1,5 km', '1,5 kilomètre'],
  ['Le CO₂', 'Le C O 2'],
  ['x ≈ 3', 'x environ 3'],
];

describe('normaliseText (en)', () => {
  it.each(ENGLISH)('%s', (input, expected) => {
    expect(normaliseText(input, 'en')).toBe(expected);
  });
  it('treats en-GB like en', () => {
    expect(normaliseText('3 × 4', 'en-GB')).toBe('3 times 4');
  });
});

describe('normaliseText (fr)', () => {
  it.each(FRENCH)('%s', (input, expected) => {
    expect(normaliseText(input, 'fr-FR')).toBe(expected);
  });
});

describe('normaliseText (other languages)', () => {
  it('strips markup and subscripts but leaves symbols to the engine', () => {
    expect(normaliseText('**CO₂** kostet 5 € × 3', 'de')).toBe('C O 2 kostet 5 € × 3');
  });
  it('keeps CJK text intact', () => {
    expect(normaliseText('今日は**晴れ**です。', 'ja')).toBe('今日は晴れです。');
  });
});

import { dec, lineTotal, percentOf, sum, toMoney } from './money';

describe('money arithmetic (decimal, half away from zero)', () => {
  it('rounds a line total half away from zero', () => {
    expect(toMoney(lineTotal(33.335, 3))).toBe(100.01); // 100.005 -> 100.01
    expect(toMoney(lineTotal(0.125, 1))).toBe(0.13);
    expect(toMoney(lineTotal(1.005, 1))).toBe(1.01); // 1.005 is 1.00499999… in binary floating point
    expect(toMoney(lineTotal(95, 2))).toBe(190);
  });

  it('sums many lines without drift', () => {
    const lines = Array.from({ length: 1000 }, () => lineTotal(0.1, 1));
    expect(toMoney(sum(lines))).toBe(100);
    let float = 0;
    for (let i = 0; i < 1000; i++) float += 0.1;
    expect(float).not.toBe(100); // what a float sum would have said
  });

  it('computes tax on a subtotal', () => {
    expect(toMoney(percentOf(dec('100.01'), 8.875))).toBe(8.88); // 8.875888 -> 8.88
    expect(toMoney(percentOf(dec('10.00'), 12.5))).toBe(1.25);
    expect(toMoney(percentOf(dec('0.20'), 12.5))).toBe(0.03); // 0.025 -> 0.03
  });
});

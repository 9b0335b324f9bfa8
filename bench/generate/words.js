'use strict';
/**
 * Word lists for generated text: common English and Arabic words of a brand community, the
 * Arabic already in the form the search normalizes to (no hamza on alef, ه for ة, ي for ى), so
 * the stored search vectors equal what the app would store. Common function words are in the
 * lists on purpose: the search mix queries them.
 */
const EN = (
  'the and for with this that you have are not but our from your they all was new like just ' +
  'coffee order delivery store points reward rewards member members loyalty brand challenge event ' +
  'price quality service offer discount gift card app update team great good best love thanks ' +
  'question help problem answer idea share photo week today weekend city cairo riyadh dubai ' +
  'flavor latte espresso cake breakfast shoes jacket phone battery screen size color return refund'
).split(' ');

const AR = (
  'في من علي الي هذا هذه كان مع عن ان ما لا هل كل بعد قبل عند لكن او ثم ' +
  'القهوه الطلب التوصيل المتجر النقاط المكافات العضو الاعضاء الولاء العلامه المسابقه الفعاليه ' +
  'السعر الجوده الخدمه العرض الخصم هديه البطاقه التطبيق تحديث الفريق رائع جيد افضل شكرا ' +
  'سوال مساعده مشكله جواب فكره صوره الاسبوع اليوم القاهره الرياض دبي طعم لاتيه كيك فطور ' +
  'حذاء جاكيت هاتف البطاريه الشاشه المقاس اللون ارجاع استرداد'
).split(' ');

/** SQL literal of a text array. */
const sqlArray = (words) => `ARRAY[${words.map((w) => `'${w.replace(/'/g, "''")}'`).join(',')}]::text[]`;

/**
 * A SQL expression for a sentence of `n` words picked deterministically from `g` (an integer
 * expression) and the seed; Arabic when `arabic` (a boolean SQL expression) holds.
 */
function sentenceSql(g, seedParam, n, arabic) {
  const pick = (list, k) => `(${sqlArray(list)})[1 + ((${g}::bigint * ${7919 + k * 104729} + ${seedParam}::bigint + ${k * 31}) % ${list.length})]`;
  const words = (list) => Array.from({ length: n }, (_, k) => pick(list, k)).join(` || ' ' || `);
  return `CASE WHEN ${arabic} THEN ${words(AR)} ELSE ${words(EN)} END`;
}

module.exports = { EN, AR, sqlArray, sentenceSql };

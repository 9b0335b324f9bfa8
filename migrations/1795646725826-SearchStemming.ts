import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Forum search stems English: `wala_search` is the `simple` configuration with Latin words
 * (asciiword, asciihword and their parts) going through the English Snowball stemmer, without a
 * stop-word list (so "The Who" stays findable). Arabic and every other word keep `simple`: the
 * app normalizes Arabic itself (text.ts normalizeSearch). Existing vectors are re-stemmed from
 * their own lexemes, which are already the normalized words.
 */
export class SearchStemming1795646725826 implements MigrationInterface {
  name = 'SearchStemming1795646725826';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TEXT SEARCH DICTIONARY wala_english (TEMPLATE = snowball, Language = english)`);
    await queryRunner.query(`CREATE TEXT SEARCH CONFIGURATION wala_search (COPY = simple)`);
    await queryRunner.query(`ALTER TEXT SEARCH CONFIGURATION wala_search ALTER MAPPING FOR asciiword, asciihword, hword_asciipart WITH wala_english`);
    await queryRunner.query(
      `UPDATE forum_posts SET search_vector = to_tsvector('wala_search', array_to_string(tsvector_to_array(search_vector), ' '))
        WHERE search_vector IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // stems are not words: the vectors are made again from the text, normalized in SQL the way text.ts normalizeSearch does it
    await queryRunner.query(
      `UPDATE forum_posts p SET search_vector = to_tsvector('simple', regexp_replace(translate(regexp_replace(
           lower(normalize(CASE WHEN p.post_number = 1 THEN t.title ELSE '' END || ' ' || regexp_replace(p.cooked, '<[^>]*>', ' ', 'g'), NFKC)),
           '[\\u0610-\\u061A\\u064B-\\u065F\\u0670\\u06D6-\\u06ED\\u0640]', '', 'g'),
           'آأإٱؤئىة٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹', 'ااااوييه01234567890123456789'),
           '(^|[^[:alnum:]])(وال|بال|كال|فال|لل|ال)(?=[ء-ي]{2,})', '\\1', 'g'))
         FROM forum_topics t WHERE t.id = p.topic_id AND p.search_vector IS NOT NULL`,
    );
    await queryRunner.query(`DROP TEXT SEARCH CONFIGURATION wala_search`);
    await queryRunner.query(`DROP TEXT SEARCH DICTIONARY wala_english`);
  }

}

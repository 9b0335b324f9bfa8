import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { BrandEntity } from '../brands/brand.entity';
import { UserEntity } from '../identity/user.entity';

/** A survey of the community (brandId null) or of a brand. */
@Entity('surveys')
@Check(`"status" IN ('draft', 'open', 'closed')`)
@Check(`"audience" IN ('everyone', 'tier', 'event', 'challenge')`)
@Check(`"points" >= 0`)
@Index('surveys_brand_idx', ['brandId', 'id'])
@Index('surveys_status_idx', ['status', 'id'])
export class SurveyEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @ForeignKey(() => BrandEntity, { onDelete: 'CASCADE' })
  @Column({ type: 'bigint', nullable: true })
  brandId: number | null;

  @Column({ type: 'varchar', length: 160 })
  title: string;

  @Column({ type: 'varchar', length: 160 })
  titleAr: string;

  @Column({ type: 'varchar', length: 2000, default: '' })
  intro: string;

  @Column({ type: 'varchar', length: 2000, default: '' })
  introAr: string;

  /** answers are stored apart from participations, without a link back to the member */
  @Column({ type: 'boolean', default: false })
  anonymous: boolean;

  /** points for answering, once per member */
  @Column({ type: 'int', default: 0 })
  points: number;

  @Column({ type: 'varchar', length: 12, default: 'everyone' })
  audience: string;

  /** the minimum tier rank, the event id or the challenge id of the audience */
  @Column({ type: 'bigint', nullable: true })
  audienceRef: number | null;

  @Column({ type: 'varchar', length: 8, default: 'draft' })
  status: string;

  @ForeignKey(() => UserEntity, { onDelete: 'SET NULL' })
  @Column({ type: 'bigint', nullable: true })
  createdById: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  openedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;
}

@Entity('survey_questions')
@Check(`"kind" IN ('nps', 'csat', 'single', 'multiple', 'text')`)
@Unique('survey_questions_position_key', ['surveyId', 'position'])
export class SurveyQuestionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @ForeignKey(() => SurveyEntity, { onDelete: 'CASCADE' })
  @Column({ type: 'bigint' })
  surveyId: number;

  @Column({ type: 'smallint' })
  position: number;

  @Column({ type: 'varchar', length: 8 })
  kind: string;

  @Column({ type: 'varchar', length: 500 })
  prompt: string;

  @Column({ type: 'varchar', length: 500 })
  promptAr: string;

  /** choices of single/multiple questions: [{ en, ar }] */
  @Column({ type: 'jsonb', default: [] })
  options: { en: string; ar: string }[];

  @Column({ type: 'boolean', default: true })
  required: boolean;
}

/** That a member answered a survey (and was rewarded): one per member and survey. */
@Entity('survey_participations')
@Unique('survey_participations_once_key', ['surveyId', 'userId'])
@Index('survey_participations_user_idx', ['userId'])
export class SurveyParticipationEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @ForeignKey(() => SurveyEntity, { onDelete: 'CASCADE' })
  @Column({ type: 'bigint' })
  surveyId: number;

  @ForeignKey(() => UserEntity, { onDelete: 'CASCADE' })
  @Column({ type: 'bigint' })
  userId: number;

  @Column({ type: 'int', default: 0 })
  points: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/**
 * The answers. For an anonymous survey `participationId` is null, the id is random (no order to
 * match with participations) and `answeredOn` is the Monday of the week, not the day.
 */
@Entity('survey_responses')
@Check(`"nps" BETWEEN 0 AND 10`)
@Check(`"csat" BETWEEN 1 AND 5`)
@Index('survey_responses_survey_idx', ['surveyId', 'answeredOn'])
@Index('survey_responses_day_idx', ['answeredOn'])
export class SurveyResponseEntity {
  /** random (gen_random_uuid() on insert): no order to match with participations */
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @ForeignKey(() => SurveyEntity, { onDelete: 'CASCADE' })
  @Column({ type: 'bigint' })
  surveyId: number;

  @ForeignKey(() => SurveyParticipationEntity, { onDelete: 'CASCADE' })
  @Column({ type: 'bigint', nullable: true })
  participationId: number | null;

  @Column({ type: 'date' })
  answeredOn: string;

  /** the first NPS answer, for reporting */
  @Column({ type: 'smallint', nullable: true })
  nps: number | null;

  /** the first CSAT answer, for reporting */
  @Column({ type: 'smallint', nullable: true })
  csat: number | null;

  /** [{ questionId, score?, choices?, text? }] */
  @Column({ type: 'jsonb' })
  answers: SurveyAnswerValue[];
}

export interface SurveyAnswerValue {
  questionId: number;
  score?: number;
  choices?: number[];
  text?: string;
}

export const SURVEY_ENTITIES = [SurveyEntity, SurveyQuestionEntity, SurveyParticipationEntity, SurveyResponseEntity];

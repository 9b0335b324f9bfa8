import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '../identity/user.entity';
import { UploadEntity } from '../uploads/upload.entity';

@Entity('brands')
export class BrandEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @Index('brands_slug_key', { unique: true })
  @Column({ type: 'varchar', length: 40 })
  slug: string;

  @Column({ type: 'varchar', length: 80 })
  name: string;

  @Column({ type: 'varchar', length: 80 })
  nameAr: string;

  @Column({ type: 'varchar', length: 2000, default: '' })
  description: string;

  @Column({ type: 'varchar', length: 2000, default: '' })
  descriptionAr: string;

  @ForeignKey(() => UploadEntity, { onDelete: 'SET NULL' })
  @Column({ type: 'bigint', nullable: true })
  logoUploadId: number | null;

  @Column({ type: 'jsonb', default: [] })
  links: { label: string; url: string }[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A member's role inside a brand: a manager acts for that brand only. */
@Entity('brand_members')
@Check(`"role" IN ('manager')`)
@Index('brand_members_user_idx', ['userId'])
export class BrandMemberEntity {
  @ForeignKey(() => BrandEntity, { onDelete: 'CASCADE' })
  @PrimaryColumn({ type: 'bigint' })
  brandId: number;

  @ForeignKey(() => UserEntity, { onDelete: 'CASCADE' })
  @PrimaryColumn({ type: 'bigint' })
  userId: number;

  @Column({ type: 'varchar', length: 16, default: 'manager' })
  role: 'manager';

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

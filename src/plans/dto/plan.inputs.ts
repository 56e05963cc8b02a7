import { IsIn, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { IsDateOnly, IsMoney, Nullable, Optional, PageInput, Trim } from '../../common/validation';
import { BILLING_FREQUENCIES, BillingFrequency, PLAN_STATUSES, PlanStatus } from '../plan.entity';

/**
 * A nullable date's generated schema carries a $ref to "Object" (design:type of string | null with a
 * custom validator), which input-schema.ts inlines as {type:"object"}: replace it whole.
 */
export class CreatePlanInput {
  @IsUUID('all') customer_id!: string;
  @IsString() @Trim() @Length(1, 200) name!: string;
  @Nullable() @IsString() @Trim() @MaxLength(5000) description?: string | null;
  @IsMoney() price!: number;
  @IsIn(BILLING_FREQUENCIES) billing_frequency!: BillingFrequency;
  @IsDateOnly() starts_on!: string;
  @Nullable() @IsDateOnly() ends_on?: string | null;
  @Nullable() @IsUUID('all') job_series_id?: string | null;
}

export class UpdatePlanInput {
  @IsUUID('all') id!: string;
  @Optional() @IsString() @Trim() @Length(1, 200) name?: string;
  @Nullable() @IsString() @Trim() @MaxLength(5000) description?: string | null;
  @Optional() @IsMoney() price?: number;
  @Optional() @IsIn(BILLING_FREQUENCIES) billing_frequency?: BillingFrequency;
  @Nullable() @IsDateOnly() ends_on?: string | null;
  @Nullable() @IsUUID('all') job_series_id?: string | null;
}

export class ListPlansInput extends PageInput {
  @Optional() @IsUUID('all') customerId?: string;
  @Optional() @IsIn(PLAN_STATUSES) status?: PlanStatus;
}

export class PlanIdInput {
  @IsUUID('all') id!: string;
}

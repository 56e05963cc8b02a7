import { IsIn, IsString, Length, MaxLength } from 'class-validator';
import { Doc, IsDateOnly, IsId, IsMoney, Nullable, Optional, PageInput, Trim } from '../../common/validation';
import { BILLING_FREQUENCIES, BillingFrequency, PLAN_STATUSES, PlanStatus } from '../plan.entity';

export class CreatePlanInput {
  @Doc('the customer buying the plan') @IsId() customer_id!: string;
  @Doc('e.g. "HVAC care"; also the line on each invoice') @IsString() @Trim() @Length(1, 200) name!: string;
  @Doc('what the plan covers') @Nullable() @IsString() @Trim() @MaxLength(5000) description?: string | null;
  @Doc('charged per billing period, before tax') @IsMoney() price!: number;
  @Doc('how often it bills') @IsIn(BILLING_FREQUENCIES) billing_frequency!: BillingFrequency;
  @Doc('first day, and first billing date; at most 36 months ago') @IsDateOnly() starts_on!: string;
  @Doc('last day (not before starts_on); null: open-ended') @Nullable() @IsDateOnly() ends_on?: string | null;
  @Doc('a job series of this tenant that delivers the visits; it ends when the plan is cancelled') @Nullable() @IsId() job_series_id?: string | null;
}

export class UpdatePlanInput {
  @Doc('the plan') @IsId() id!: string;
  @Doc('new name, used on future invoices') @Optional() @IsString() @Trim() @Length(1, 200) name?: string;
  @Doc('null clears it') @Nullable() @IsString() @Trim() @MaxLength(5000) description?: string | null;
  @Doc('new price for future periods') @Optional() @IsMoney() price?: number;
  @Doc('applies from the next billing date on') @Optional() @IsIn(BILLING_FREQUENCIES) billing_frequency?: BillingFrequency;
  @Doc('not before starts_on; null makes it open-ended') @Nullable() @IsDateOnly() ends_on?: string | null;
  @Doc('the delivering job series; null unlinks it') @Nullable() @IsId() job_series_id?: string | null;
}

export class ListPlansInput extends PageInput {
  @Doc("only this customer's plans") @Optional() @IsId() customerId?: string;
  @Doc('only active or only cancelled plans') @Optional() @IsIn(PLAN_STATUSES) status?: PlanStatus;
}

export class PlanIdInput {
  @Doc('the plan') @IsId() id!: string;
}

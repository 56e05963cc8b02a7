import { IsString, Length, Matches } from 'class-validator';
import { Doc, IsId, Nullable, Optional, PageInput, Trim } from '../../common/validation';

const COLOR = /^#[0-9A-Fa-f]{6}$/;
const colorMessage = { message: 'color must be a #RRGGBB hex colour such as #1E90FF' };

export class ListTagsInput extends PageInput {
  @Doc('case-insensitive substring of the name') @Optional() @IsString() @Trim() @Length(1, 50) q?: string;
}

export class CreateTagInput {
  @Doc('unique per tenant, ignoring case') @IsString() @Trim() @Length(1, 50) name!: string;
  @Doc('#RRGGBB') @Nullable() @IsString() @Trim() @Matches(COLOR, colorMessage) color?: string | null;
}

export class UpdateTagInput {
  @Doc('the tag') @IsId() id!: string;
  @Doc('new name, unique per tenant ignoring case') @Optional() @IsString() @Trim() @Length(1, 50) name?: string;
  @Doc('#RRGGBB; null clears it') @Nullable() @IsString() @Trim() @Matches(COLOR, colorMessage) color?: string | null;
}

export class TagIdInput {
  @Doc('the tag') @IsId() id!: string;
}

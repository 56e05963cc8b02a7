import { IsString, IsUUID, Length, Matches } from 'class-validator';
import { Nullable, Optional, PageInput, Trim } from '../../common/validation';

const COLOR = /^#[0-9A-Fa-f]{6}$/;
const colorMessage = { message: 'color must be a #RRGGBB hex colour such as #1E90FF' };

export class ListTagsInput extends PageInput {
  @Optional() @IsString() @Trim() @Length(1, 50) q?: string;
}

export class CreateTagInput {
  @IsString() @Trim() @Length(1, 50) name!: string;
  @Nullable() @IsString() @Trim() @Matches(COLOR, colorMessage) color?: string | null;
}

export class UpdateTagInput {
  @IsUUID('all') id!: string;
  @Optional() @IsString() @Trim() @Length(1, 50) name?: string;
  @Nullable() @IsString() @Trim() @Matches(COLOR, colorMessage) color?: string | null;
}

export class TagIdInput {
  @IsUUID('all') id!: string;
}

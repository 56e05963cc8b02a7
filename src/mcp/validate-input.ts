import { Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { InvalidInput, Issue } from '../common/errors';

function flatten(errors: ValidationError[], prefix = ''): Issue[] {
  const out: Issue[] = [];
  for (const e of errors) {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints) {
      // one message per field: the first rule it broke reads best
      const [key, msg] = Object.entries(e.constraints)[0];
      out.push({ path, message: key === 'whitelistValidation' ? `${path} is not a known field` : msg.replace(/^[\w.]+ /, `${path} `) });
    }
    if (e.children?.length) out.push(...flatten(e.children, path));
  }
  return out;
}

/** Validates raw tool arguments into the tool's input class, or throws invalid_input with per-field issues. */
export async function parseInput<T extends object>(cls: Type<T>, raw: unknown): Promise<T> {
  const obj = plainToInstance(cls, raw ?? {}, { exposeDefaultValues: true });
  const errors = await validate(obj, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length) throw InvalidInput(flatten(errors));
  return obj;
}

import { Injectable } from '@nestjs/common';
import { ToolContext } from '../common/context';
import { McpTool } from '../mcp/mcp-tool.decorator';
import { McpInstructions } from '../mcp/mcp-instructions';
import { CreateNoteInput, ListNotesInput, NoteIdInput, UpdateNoteInput } from './dto/note.inputs';
import { NOTE_OUTPUT, NOTE_PAGE_OUTPUT } from './dto/note.output';
import { NotesService } from './notes.service';
import { INSTRUCTIONS } from './notes.instructions';

@McpInstructions(INSTRUCTIONS)
@Injectable()
export class NotesTools {
  constructor(private readonly notes: NotesService) {}

  @McpTool({
    name: 'notes.list',
    scope: 'read:notes',
    input: ListNotesInput,
    output: NOTE_PAGE_OUTPUT,
    description:
      'List notes, pinned first then newest. customerId or jobId narrows to one customer or job; archived notes are hidden unless includeArchived is true. Example: {"customerId":"<uuid>"}',
  })
  list(input: ListNotesInput, ctx: ToolContext) {
    return this.notes.list(ctx, input);
  }

  @McpTool({ name: 'notes.get', scope: 'read:notes', input: NoteIdInput, output: NOTE_OUTPUT, description: 'Get one note by id. Example: {"id":"<uuid>"}' })
  get(input: NoteIdInput, ctx: ToolContext) {
    return this.notes.get(ctx, input.id);
  }

  @McpTool({
    name: 'notes.create',
    scope: 'write:notes',
    input: CreateNoteInput,
    output: NOTE_OUTPUT,
    userActor: true,
    description:
      'Write a note on a customer or a job (exactly one of customer_id or job_id; it cannot move later). The author is the acting user (needs a user key or OAuth token). Example: {"customer_id":"<uuid>","body":"Dog in the yard; ring twice.","pinned":true}',
  })
  create(input: CreateNoteInput, ctx: ToolContext) {
    return this.notes.create(ctx, input);
  }

  @McpTool({
    name: 'notes.update',
    scope: 'write:notes',
    input: UpdateNoteInput,
    output: NOTE_OUTPUT,
    userActor: true,
    description:
      'Change a note\'s body or pin it (needs a user token); it stays on its customer or job; archived:false restores an archived note. Example: {"id":"<uuid>","pinned":false}',
  })
  update(input: UpdateNoteInput, ctx: ToolContext) {
    return this.notes.update(ctx, input);
  }

  @McpTool({
    name: 'notes.archive',
    scope: 'write:notes',
    input: NoteIdInput,
    output: NOTE_OUTPUT,
    userActor: true,
    description: 'Archive a note (needs a user token): hidden from lists unless includeArchived; notes.update {archived:false} restores it. Example: {"id":"<uuid>"}',
  })
  archive(input: NoteIdInput, ctx: ToolContext) {
    return this.notes.archive(ctx, input.id);
  }
}

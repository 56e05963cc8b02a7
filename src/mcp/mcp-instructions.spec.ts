import { Injectable, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { IsString } from 'class-validator';
import { FRAGMENT_BUDGET } from './instructions';
import { McpInstructions, ServerInstructions } from './mcp-instructions';
import { McpTool } from './mcp-tool.decorator';

// The instructions fragments of the modules: found by discovery, in module order, each within its budget.
class In {
  @IsString() x!: string;
}
const tool = (name: string) => McpTool({ name, description: 'd', scope: `read:${name.split('.')[0]}`, input: In });

@McpInstructions('the first entity.')
@Injectable()
class AlphaTools {
  @tool('alphas.get') get() {}
  @tool('alphas.list') list() {}
}
@Module({ providers: [AlphaTools] })
class AlphaModule {}

@McpInstructions('the second entity; links to alphas.')
@Injectable()
class BetaTools {
  @tool('betas.get') get() {}
}
@Module({ providers: [BetaTools] })
class BetaModule {}

/** A module providing just this class. */
function moduleOf(provider: any) {
  class OneModule {}
  Module({ providers: [provider] })(OneModule);
  return OneModule;
}

async function instructionsOf(...modules: any[]) {
  const ref = await Test.createTestingModule({ imports: [DiscoveryModule, ...modules], providers: [ServerInstructions] }).compile();
  return ref.get(ServerInstructions);
}

describe('ServerInstructions: the entity lines come from the modules', () => {
  it('puts one line per tool provider, named by its tools, in module order', async () => {
    const a = await instructionsOf(AlphaModule, BetaModule);
    expect(a.fragments).toEqual([
      { entity: 'alphas', text: 'the first entity.' },
      { entity: 'betas', text: 'the second entity; links to alphas.' },
    ]);
    expect(a.text).toContain('Entities (2), how they link');
    expect(a.text).toContain('\n- alphas: the first entity.\n- betas: the second entity; links to alphas.\n');
    expect((await instructionsOf(BetaModule, AlphaModule)).fragments.map((f) => f.entity)).toEqual(['betas', 'alphas']);
  });

  it('refuses to start with a fragment over the per-module budget, naming the provider', async () => {
    @McpInstructions('x'.repeat(FRAGMENT_BUDGET + 1))
    @Injectable()
    class WordyTools {
      @tool('wordies.get') get() {}
    }
    await expect(instructionsOf(moduleOf(WordyTools))).rejects.toThrow(
      `@McpInstructions on WordyTools: the fragment has ${FRAGMENT_BUDGET + 1} characters, over the ${FRAGMENT_BUDGET}`,
    );
  });

  it('refuses a fragment on a class that is not the tool provider of one entity, or of two lines', async () => {
    @McpInstructions('no tools here.')
    @Injectable()
    class NotTools {}
    await expect(instructionsOf(moduleOf(NotTools))).rejects.toThrow('@McpInstructions on NotTools: the class must be the tool provider of one entity');
    @McpInstructions('two lines.\nhere.')
    @Injectable()
    class TwoLineTools {
      @tool('twos.get') get() {}
    }
    await expect(instructionsOf(moduleOf(TwoLineTools))).rejects.toThrow('must be one line');
  });
});

import { FundsServiceModule } from '@sunshine/funds-service';
import { LedgerProjectorModule } from '@sunshine/ledger-projector';
import type { AppModule, Runtime } from '@sunshine/platform';
import { ProjectsServiceModule } from '@sunshine/projects-service';

/**
 * The four service modules in one process. A module that is not part of this build is
 * left out with a log line instead of stopping the host, so the rest still serves.
 */

interface ServiceModule {
  register(runtime: Runtime): AppModule;
}

interface OptionalModule {
  name: string;
  specifier: string;
  exportName: string;
}

const OPTIONAL_MODULES: OptionalModule[] = [
  { name: 'alert-service', specifier: '@sunshine/alert-service', exportName: 'AlertServiceModule' },
];

function isServiceModule(value: unknown): value is ServiceModule {
  return typeof value === 'function' && 'register' in value && typeof value.register === 'function';
}

async function loadOptional(entry: OptionalModule, runtime: Runtime): Promise<AppModule | null> {
  try {
    // A variable specifier: the module may not exist in this build, and that is answered
    // here at run time rather than by the compiler.
    const specifier: string = entry.specifier;
    const loaded = (await import(specifier)) as Record<string, unknown>;
    const module = loaded[entry.exportName];
    if (!isServiceModule(module)) throw new Error(`${entry.exportName} has no register()`);
    runtime.logger.info({ module: entry.name }, 'service module loaded');
    return module.register(runtime);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    runtime.logger.warn(
      { module: entry.name, reason },
      `service module ${entry.name} is not available: its routes are not served`,
    );
    return null;
  }
}

export async function serviceModules(runtime: Runtime): Promise<AppModule[]> {
  const modules: AppModule[] = [
    FundsServiceModule.register(runtime),
    ProjectsServiceModule.register(runtime),
    LedgerProjectorModule.register(runtime),
  ];
  runtime.logger.info(
    { modules: ['funds-service', 'projects-service', 'ledger-projector'] },
    'service modules loaded',
  );
  for (const entry of OPTIONAL_MODULES) {
    const module = await loadOptional(entry, runtime);
    if (module) modules.push(module);
  }
  return modules;
}

import type { Command } from 'commander';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Actor, Ctx, Role } from './context.ts';
import type { DateOrder } from './date-order.ts';
import type { FileSample } from './file-sample.ts';

/**
 * The one registration point: each feature module's index exports a `BelfryModule`, and
 * server/modules.ts lists them in order. app.ts, the CLI, Today and the demo read that list;
 * nothing is discovered by magic.
 */

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** A card on the Today page: its data is loaded for the signed-in user on each visit. */
export type TodayCard = {
  id: string;
  title: string;
  /** Lower comes first. */
  order: number;
  roles: readonly Role[];
  load: (ctx: Ctx) => Promise<unknown>;
};

/** A setting stored in the database and changed from Settings or `belfry settings set`. */
export type SettingDefinition<T = unknown> = {
  key: string;
  /** The plain label Settings shows (the key as words when absent). */
  label?: string;
  /** The help under the label: what it does, in a sentence. */
  description: string;
  /** How Settings shows it, beyond what the schema says (see settings/domain/setting-control.ts). */
  ui?: {
    item?: 'network';
    unit?: string;
    placeholder?: string;
    optionLabels?: Record<string, string>;
    fieldLabels?: Record<string, string>;
    fieldUnits?: Record<string, string>;
  };
  schema: z.ZodType<T>;
  defaultValue: T;
  /** Turns the CLI's text into a value; JSON by default, else the text itself. */
  fromText?: (text: string) => unknown;
};

export type ImportProgress = (done: number, total: number | undefined, message?: string) => void;

export type ImportOptions = {
  dryRun: boolean;
  /** Import the good rows and report the rest, instead of refusing the whole file. */
  skipInvalid: boolean;
  /** Column mapping: field name to the header in the file. */
  mapping?: Record<string, string>;
  /** The name to record and to use in error messages (an upload's original name). */
  fileName?: string;
  /** Day/month order chosen for this file (`--date-order`, the upload dialog); used only when the file's dates cannot settle it. */
  dateOrder?: DateOrder;
  /** Importer-specific options (e.g. `kind` for people), validated by the importer. */
  extra?: Record<string, unknown>;
};

export type ImportSummary = {
  kind: string;
  file: string;
  rowsIn: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  problems: { file: string; line: number; field?: string; message: string }[];
  dryRun: boolean;
  notes?: string[];
};

/** `belfry import <kind> <file>` and the upload page both run one of these. */
export type Importer = {
  kind: string;
  description: string;
  roles: readonly Role[];
  /** File types offered in the upload dialog. */
  accept: string;
  /** Whether a file is this kind (by its head); lets a wrong-kind file be told which kind it looks like. */
  recognise?: (sample: FileSample) => boolean;
  /** Takes a folder as well as a file (Sigma rules as SigmaHQ ships them). */
  acceptsDirectory?: boolean;
  /** Reads numeric local dates (03/10/2026): the upload dialog offers the date order. */
  readsDates?: boolean;
  /** Mappable fields and the headers each is found under by default (CSV importers). */
  fields?: Record<string, readonly string[]>;
  run: (ctx: Ctx, file: string, options: ImportOptions, progress: ImportProgress) => Promise<ImportSummary>;
};

export type CliIo = {
  out: (text: string) => void;
  err: (text: string) => void;
  json: boolean;
};

export type CliDeps = {
  /** Opens the database and builds a context for the duration of `fn`. */
  withCtx: <T>(fn: (ctx: Ctx) => Promise<T>) => Promise<T>;
  io: () => CliIo;
};

/** Work the server repeats on a schedule (retention purges, API pulls, reminders). */
export type ScheduledTask = {
  name: string;
  /** How often it runs; the first run is a minute after start. */
  everyMinutes: number;
  run: (ctx: Ctx) => Promise<void>;
};

/** A listener a module runs beside the web server (the help desk's inbound SMTP port). */
export type BackgroundService = {
  name: string;
  /** Starts it if the configuration asks for it; returns how to stop it, or undefined when off. */
  start: (ctx: (actor?: Actor) => Ctx) => Promise<(() => Promise<void>) | undefined>;
};

/** One line of the first-run checklist in Settings: what a real school still has to set up. */
export type SetupCheck = {
  id: string;
  label: string;
  /** Lower comes first. */
  order: number;
  load: (ctx: Ctx) => Promise<{ done: boolean; detail: string; how: string; link?: string }>;
};

/** What every module contributed, gathered from the module list (for Settings, imports, Today). */
export type Registry = {
  settings: readonly SettingDefinition<unknown>[];
  importers: readonly Importer[];
  todayCards: readonly TodayCard[];
  scheduled: readonly ScheduledTask[];
  services: readonly BackgroundService[];
  setupChecks: readonly SetupCheck[];
};

export type BelfryModule = {
  name: string;
  /** Routes, registered under /api. */
  routes?: (app: App, registry: Registry) => void;
  /** Routes anyone may call without signing in, as 'METHOD /url' exactly as registered. */
  publicRoutes?: readonly string[];
  todayCards?: readonly TodayCard[];
  // biome-ignore lint/suspicious/noExplicitAny: each definition keeps its own value type
  settings?: readonly SettingDefinition<any>[];
  importers?: readonly Importer[];
  /** Repeated work while the server runs (see server/scheduler.ts). */
  scheduled?: readonly ScheduledTask[];
  /** Listeners started with `belfry serve` (see server/serve.ts). */
  services?: readonly BackgroundService[];
  /** Lines of the first-run checklist (Settings, First run). */
  setupChecks?: readonly SetupCheck[];
  /** Adds the module's own subcommands to `belfry`. */
  cli?: (program: Command, deps: CliDeps, registry: Registry) => void;
};

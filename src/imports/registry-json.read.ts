/**
 * Reads a registry document from its bytes as they arrive (a file, a backup's part), one record
 * at a time: each record of the document's lists is checked against its schema as soon as it is
 * parsed, and only the checked record is kept. The file's text and its raw parse are never held
 * whole, so a registry of any size reads in the memory its records take.
 *
 * The problems are those `validateRegistryDocument` finds on the whole document (every one, with
 * its path), and a JSON syntax error says its line and column.
 */
import { Tokenizer, TokenizerError, TokenParser, TokenParserError, TokenType } from "@streamparser/json";
import { AppError } from "../shared/errors.js";
import {
  documentIssues,
  type Issue,
  REGISTRY_FORMAT,
  type RegistryDocument,
  type RegistryList,
  registryDocumentHead,
  registryListSchemas,
} from "./registry-json.input.js";
import {
  acceptValidatedDocument,
  invalidDocumentError,
  newerVersionError,
} from "./registry-json.validate.js";

const byteOrderMark = [0xef, 0xbb, 0xbf];
/** what a document that is not an object is, from its first character */
const kindOf = (byte: number) =>
  byte === 0x5b
    ? "array"
    : byte === 0x22
      ? "string"
      : byte === 0x74 || byte === 0x66
        ? "boolean"
        : byte === 0x6e
          ? "null"
          : "number";

const lists = Object.keys(registryListSchemas[2]) as RegistryList[];
const isList = (key: unknown): key is RegistryList => lists.includes(key as RegistryList);

/** Where the reader is in the text: counted per chunk, so that an error can say its line and column. */
class TextPosition {
  line = 1;
  /** characters (code points) since the line's start */
  column = 0;
  /** bytes before the current chunk */
  chunkStart = 0;
  private chunk: Uint8Array = new Uint8Array();

  /** The line and column of the byte at `offset` (in the current chunk, or its start if earlier). */
  at(offset: number): { line: number; column: number } {
    let { line, column } = this;
    const end = Math.min(Math.max(offset - this.chunkStart, 0), this.chunk.length);
    for (let i = 0; i < end; i++) {
      const byte = this.chunk[i] as number;
      if (byte === 0x0a) {
        line++;
        column = 0;
      } else if ((byte & 0xc0) !== 0x80) column++;
    }
    return { line, column: column + 1 };
  }

  /** Moves past the current chunk and makes `next` the current one. */
  advance(next: Uint8Array): void {
    const { line, column } = this.at(this.chunkStart + this.chunk.length);
    this.line = line;
    this.column = column - 1;
    this.chunkStart += this.chunk.length;
    this.chunk = next;
  }
}

type Container = "object" | "array";

/**
 * The reason for a syntax error, from what the text held before it: where an object expects a
 * property name, a colon, a comma or its end.
 */
class Structure {
  private readonly open: Container[] = [];
  /** the last token, and whether a string was a property name */
  private last: TokenType | "key" | undefined;

  see(token: TokenType): void {
    const inObject = this.open.at(-1) === "object";
    if (token === TokenType.LEFT_BRACE) this.open.push("object");
    else if (token === TokenType.LEFT_BRACKET) this.open.push("array");
    else if (token === TokenType.RIGHT_BRACE || token === TokenType.RIGHT_BRACKET) this.open.pop();
    const expectsKey = this.last === TokenType.LEFT_BRACE || (this.last === TokenType.COMMA && inObject);
    this.last = token === TokenType.STRING && inObject && expectsKey ? "key" : token;
  }

  reason(): string {
    const container = this.open.at(-1);
    if (this.last === undefined) return "unexpected end of the text";
    if (this.last === TokenType.LEFT_BRACE || (this.last === TokenType.COMMA && container === "object"))
      return "expected a double-quoted property name";
    if (this.last === "key") return "expected ':' after the property name";
    if (
      this.last === TokenType.COLON ||
      this.last === TokenType.COMMA ||
      this.last === TokenType.LEFT_BRACKET
    )
      return "expected a value";
    if (container === undefined) return "unexpected text after the end of the document";
    return `expected ',' or '${container === "object" ? "}" : "]"}'`;
  }
}

/** The reason for a character the tokenizer refused, from the state its message names. */
function characterReason(message: string, structure: Structure): string {
  if (/in state STRING_DEFAULT/.test(message))
    return "control character in a string (write it as an escape such as \\n)";
  if (/in state STRING_(AFTER_BACKSLASH|UNICODE)/.test(message)) return "invalid escape in a string";
  if (/in state ENDED/.test(message)) return "unexpected text after the end of the document";
  return structure.reason();
}

/** The text ended before its document did (or held none). */
class EndOfText extends Error {}

const syntaxError = (where: { line: number; column: number }, reason: string, cause?: unknown) =>
  new AppError("import_invalid", `Line ${where.line}, column ${where.column}: invalid JSON: ${reason}`, {
    line: where.line,
    issues: [{ field: "(document)", message: `line ${where.line}, column ${where.column}: ${reason}` }],
    cause,
  });

/** `name`: the file as the person named it, or "The file". */
export const notUtf8Error = (name = "The file", cause?: unknown) =>
  new AppError("import_invalid", `${name} is not UTF-8 text: save it as UTF-8 and try again`, { cause });

export interface RegistryDocumentReader {
  /** The next bytes of the document's UTF-8 text. */
  write(bytes: Uint8Array): void;
  /** The checked document, or AppError("import_invalid") naming every problem. */
  end(): RegistryDocument;
  /** Whether the text read so far names the registry format (a broken registry, or another document). */
  namesRegistryFormat(): boolean;
}

export function registryDocumentReader({ name }: { name?: string } = {}): RegistryDocumentReader {
  const tokenizer = new Tokenizer();
  // Each top-level member ($.*) and each record of a list ($.*.*) is handed over as it ends.
  const parser = new TokenParser({ paths: ["$.*", "$.*.*"] });
  const utf8 = new TextDecoder("utf-8", { fatal: true });
  const position = new TextPosition();
  const structure = new Structure();
  const head: Record<string, unknown> = {};
  const records = Object.fromEntries(lists.map((list) => [list, [] as unknown[]])) as Record<
    RegistryList,
    unknown[]
  >;
  const issues: Issue[] = [];
  let version: 1 | 2 | undefined;
  /** records read before the document said its version (a file that names it last) */
  const unread: [RegistryList, number, unknown][] = [];
  let firstByte: number | undefined;
  let bomBytes = 0;
  let failure: AppError | undefined;

  const check = (list: RegistryList, index: number, value: unknown) => {
    let result: ReturnType<(typeof registryListSchemas)[2][RegistryList]["safeParse"]>;
    try {
      result = registryListSchemas[version ?? 2][list].safeParse(value);
    } catch (error) {
      // The schemas recurse into JSON values: one nested deeper than the stack goes is refused by name.
      if (!(error instanceof RangeError)) throw error;
      issues.push({ path: [list, index], message: "holds a value nested too deeply to read" });
      return;
    }
    if (result.success) records[list].push(result.data);
    else
      for (const issue of result.error.issues)
        issues.push({ path: [list, index, ...issue.path] as Issue["path"], message: issue.message });
  };

  /** where the token being parsed starts: a token the parser refuses is reported there */
  let tokenOffset = 0;
  tokenizer.onToken = (info) => {
    tokenOffset = info.offset;
    parser.write(info);
    structure.see(info.token);
  };
  parser.onValue = ({ value, key, parent, stack }) => {
    if (stack.length === 1) {
      if (key === undefined) return;
      if (Object.hasOwn(head, key)) issues.push({ path: [key], message: "is written twice" });
      head[key] = Array.isArray(value) ? [] : value;
      if (key === "formatVersion" && (value === 1 || value === 2)) {
        version = value;
        for (const [list, index, record] of unread.splice(0)) check(list, index, record);
      }
      const newer = key === "formatVersion" ? newerVersionError(value) : undefined;
      if (newer) throw newer;
      return;
    }
    // A record of a top-level member: checked, then dropped from the parse.
    delete (parent as Record<string | number, unknown>)[key as string | number];
    const list = stack[1]?.key;
    if (!Array.isArray(parent) || !isList(list) || typeof key !== "number") return;
    if (version === undefined) unread.push([list, key, value]);
    else check(list, key, value);
  };

  const fail = (error: unknown, offset: number): never => {
    if (error instanceof AppError) throw error;
    const fromParser = error instanceof TokenizerError || error instanceof TokenParserError;
    if (!fromParser && !(error instanceof EndOfText)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    const absolute = /absolute position "(\d+)"/.exec(message);
    const reason = absolute
      ? characterReason(message, structure)
      : /middle of a token \(state: STRING/.test(message)
        ? "unterminated string"
        : structure.reason();
    failure = syntaxError(position.at(absolute ? Number(absolute[1]) : offset), reason, error);
    throw failure;
  };

  return {
    namesRegistryFormat: () => firstByte === 0x7b && head.format === REGISTRY_FORMAT,
    write(bytes) {
      if (failure) throw failure;
      let chunk = bytes;
      // A byte-order mark is not JSON, but editors write one (it may come in more than one chunk).
      while (bomBytes < byteOrderMark.length && chunk.length > 0) {
        if (chunk[0] !== byteOrderMark[bomBytes]) bomBytes = byteOrderMark.length;
        else {
          chunk = chunk.subarray(1);
          bomBytes++;
        }
      }
      firstByte ??= chunk.find((byte) => byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d);
      position.advance(chunk);
      try {
        utf8.decode(chunk, { stream: true });
      } catch (error) {
        failure = notUtf8Error(name, error);
        throw failure;
      }
      try {
        tokenizer.write(chunk);
      } catch (error) {
        fail(error, tokenOffset);
      }
    },
    end() {
      if (failure) throw failure;
      const atEnd = Number.POSITIVE_INFINITY;
      try {
        utf8.decode();
      } catch (error) {
        throw notUtf8Error(name, error);
      }
      if (firstByte === undefined) return fail(new EndOfText(), atEnd);
      try {
        tokenizer.end();
      } catch (error) {
        fail(error, atEnd);
      }
      if (!parser.isEnded) fail(new EndOfText(), atEnd);
      if (firstByte !== 0x7b)
        throw invalidDocumentError([
          { path: [], message: `Invalid input: expected object, received ${kindOf(firstByte)}` },
        ]);
      for (const [list, index, record] of unread.splice(0)) check(list, index, record);
      const shape = registryDocumentHead.safeParse(head);
      if (!shape.success)
        issues.unshift(
          ...shape.error.issues.map((i) => ({ path: i.path as Issue["path"], message: i.message })),
        );
      if (issues.length) throw invalidDocumentError(issues);
      const document = { ...(shape.data as object), ...records } as RegistryDocument;
      const fileProblems = documentIssues(document);
      if (fileProblems.length) throw invalidDocumentError(fileProblems);
      return acceptValidatedDocument(document);
    },
  };
}

/** Reads a document from a stream of its bytes (a file, an archive's part). */
export async function readRegistryDocument(
  source: AsyncIterable<Uint8Array>,
  options: { name?: string } = {},
): Promise<RegistryDocument> {
  const reader = registryDocumentReader(options);
  for await (const chunk of source) reader.write(chunk);
  return reader.end();
}

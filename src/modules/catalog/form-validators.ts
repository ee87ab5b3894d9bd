import { createXsdValidator, type XsdValidator } from '../../platform/xml/index.ts';

/**
 * One compiled validator per form schema, kept by the SHA-256 of its files: content-addressed, so a
 * cached validator can never be stale and needs no invalidation between processes. The least recently used
 * are closed (their WASM memory freed) beyond `max`.
 */
export class FormValidators {
  readonly #validators = new Map<string, XsdValidator>();
  readonly #max: number;

  constructor(max = 200) {
    this.#max = max;
  }

  /** The validator for a schema, compiling it (`load` gives its files) on first use. */
  async get(schemaSha256: string, load: () => Promise<{ files: Record<string, string>; mainFile: string }>): Promise<XsdValidator> {
    const hit = this.#validators.get(schemaSha256);
    if (hit) {
      this.#validators.delete(schemaSha256);
      this.#validators.set(schemaSha256, hit);
      return hit;
    }
    const { files, mainFile } = await load();
    // Another request may have compiled it meanwhile: keep one.
    const raced = this.#validators.get(schemaSha256);
    if (raced) return raced;
    const validator = createXsdValidator(files, mainFile);
    this.#validators.set(schemaSha256, validator);
    if (this.#validators.size > this.#max) {
      const [oldest, evicted] = this.#validators.entries().next().value!;
      this.#validators.delete(oldest);
      void evicted.close();
    }
    return validator;
  }

  get size(): number {
    return this.#validators.size;
  }

  /** Frees every compiled schema (process shutdown). */
  async close(): Promise<void> {
    const all = [...this.#validators.values()];
    this.#validators.clear();
    await Promise.all(all.map((v) => v.close()));
  }
}

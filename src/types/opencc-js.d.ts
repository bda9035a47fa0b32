// opencc-js ships declarations whose relative imports have no file extension, which NodeNext resolution cannot
// follow, so its Converter comes out typed as an error. These ambient declarations take precedence over the
// package's own and describe just the API the project uses. Shared: identity (name matching) and screening.

declare module 'opencc-js' {
  /** A converter between Chinese variants, e.g. `{ from: 'hk', to: 'cn' }` (OpenCC locale names). */
  export function Converter(options: { from: string; to: string }): (text: string) => string;
}

// The traditional → simplified build: the same API with only the dictionaries for conversion into `cn`.
declare module 'opencc-js/t2cn' {
  export function Converter(options: { from: string; to: string }): (text: string) => string;
}

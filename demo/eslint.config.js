// The demo's lint rules (npm run lint): it may import only the package's
// public entry points (what an app installing `mouthpiece` can import),
// three.js, and its own files. A relative import that climbs out of demo/
// (into src/ or dist/) or a deep import into the package fails the lint.
import tseslint from 'typescript-eslint';

export default tseslint.config({
  files: ['**/*.ts'],
  ignores: ['node_modules/**'],
  languageOptions: { parser: tseslint.parser },
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          { group: ['../*', '**/src/**', '**/dist/**'], message: 'The demo imports only the package\'s public entry points (mouthpiece, mouthpiece/web, mouthpiece/three, ...) and its own files.' },
          { regex: '^mouthpiece/(?!(api|web|three|animation|react|photo)$)', message: 'Not a public entry point of mouthpiece.' },
        ],
      },
    ],
  },
});

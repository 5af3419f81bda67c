// typescript-eslint's recommended rules, plus the SDK boundary (README, "SDK boundary").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Folders that stay free of the Bot Framework SDK, so a move to the Agents SDK touches bot/ and dialogs/ only. */
const SDK_FREE = [
  'knowledge/**/*.ts',
  'adapters/**/*.ts',
  'domain/**/*.ts',
  'messages/**/*.ts',
  'config/**/*.ts',
  'teams/**/*.ts',
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'profiles/', 'docs/', '**/public/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `_`-prefixed names are deliberately unused (destructuring a field away, an interface's parameter).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: SDK_FREE,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['botbuilder*', 'botframework*'],
              message: 'Keep the Bot Framework SDK in bot/ and dialogs/ (README, "SDK boundary").',
            },
          ],
        },
      ],
    },
  },
);

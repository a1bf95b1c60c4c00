/** JSON Schema of a budgets/*.yaml file (see harness/README.md, "Budgets"). */
export const BUDGET_FILE_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'ftlab budgets file',
  type: 'object',
  additionalProperties: false,
  required: ['budgets'],
  properties: {
    budgets: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'unit', 'marginalBand', 'source', 'requirements'],
        properties: {
          id: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]*$', description: 'a lower-case id (letters, digits, . _ -)' },
          title: { type: 'string' },
          limit: { type: 'number', exclusiveMinimum: 0 },
          limitFormula: { type: 'string', minLength: 1 },
          params: { type: 'array', items: { type: 'string' } },
          unit: { type: 'string', minLength: 1 },
          marginalBand: { type: 'number', minimum: 0, maximum: 1 },
          source: { type: 'string', minLength: 1 },
          requirements: { type: 'array', items: { type: 'string', pattern: '^[A-Z]+-[0-9]+$', description: 'a requirement ID such as FT-08' } },
          note: { type: 'string' },
        },
      },
    },
    availability: {
      type: 'object',
      additionalProperties: false,
      required: ['targetAvailability', 'eventsPerYear'],
      properties: {
        targetAvailability: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
        eventsPerYear: {
          type: 'object',
          additionalProperties: {
            type: 'object',
            additionalProperties: false,
            required: ['rate', 'source', 'measurement'],
            properties: {
              rate: { type: 'number', minimum: 0 },
              source: { type: 'string', minLength: 1 },
              measurement: {
                anyOf: [
                  { type: 'string', minLength: 1 },
                  { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
                ],
              },
            },
          },
        },
      },
    },
  },
} as const;

import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { COMPARISONS, type Comparison, type Condition, type FactCondition, type Scalar } from './types';

const SYMBOLS: Partial<Record<(typeof COMPARISONS)[number], string>> = {
  eq: '=',
  ne: '≠',
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
};

/** The operator of a fact comparison and what it compares with (each kind of fact condition has one). */
function comparisonOf(condition: FactCondition): [Comparison, Scalar | Scalar[]] | undefined {
  const operands: Partial<Record<Comparison, Scalar | Scalar[]>> = condition;
  const operator = COMPARISONS.find((candidate) => candidate in operands);
  return operator === undefined ? undefined : [operator, operands[operator]!];
}

function literal(value: Scalar | Scalar[] | undefined): string {
  if (Array.isArray(value)) return value.map((item) => String(item)).join(', ');
  return String(value);
}

/** One fact comparison as a line of text: "sender.recentParcels.watchCount7d ≥ 3". */
export function useFactText(): (condition: FactCondition) => string {
  const { t } = useTranslation('security');
  return (condition) => {
    const comparison = comparisonOf(condition);
    if (comparison === undefined) return condition.fact;
    const [operator, value] = comparison;
    const symbol = SYMBOLS[operator];
    if (symbol !== undefined) return `${condition.fact} ${symbol} ${literal(value)}`;
    if (operator === 'exists')
      return t(value === true ? 'risk.condition.exists' : 'risk.condition.missing', { fact: condition.fact });
    return t(`risk.condition.${operator}`, { fact: condition.fact, values: literal(value) });
  };
}

/** A rule's condition as nested lists: all of / any of / not, down to fact comparisons. */
export function ConditionView({ condition }: { condition: Condition }) {
  const { t } = useTranslation('security');
  const factText = useFactText();
  if ('all' in condition || 'any' in condition) {
    const list = 'all' in condition ? condition.all : condition.any;
    return (
      <div>
        <Typography.Text strong>
          {t('all' in condition ? 'risk.condition.all' : 'risk.condition.any')}
        </Typography.Text>
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {list.map((inner, index) => (
            <li key={index}>
              <ConditionView condition={inner} />
            </li>
          ))}
        </ul>
      </div>
    );
  }
  if ('not' in condition) {
    return (
      <div>
        <Typography.Text strong>{t('risk.condition.not')}</Typography.Text>
        <div style={{ paddingInlineStart: 20 }}>
          <ConditionView condition={condition.not} />
        </div>
      </div>
    );
  }
  return <Typography.Text code>{factText(condition)}</Typography.Text>;
}

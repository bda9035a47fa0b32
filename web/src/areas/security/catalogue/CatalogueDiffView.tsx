import { Alert, Card, Descriptions, Empty, Flex, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCatalogueDiff } from './queries';
import type { CatalogueDiff, CatalogueVersionSummary, CategoryChange } from './types';
import { Loading } from '../../../app/Loading';

function Changes({ added, removed }: { added: string[]; removed: string[] }) {
  const { t } = useTranslation('security');
  if (added.length === 0 && removed.length === 0) return <>{'—'}</>;
  return (
    <Flex vertical gap={4}>
      {added.length > 0 && (
        <Flex wrap gap={4} align="center">
          <Typography.Text>{t('catalogue.diff.added')}</Typography.Text>
          {added.map((word) => (
            <Tag key={word} color="#237804">
              {`+ ${word}`}
            </Tag>
          ))}
        </Flex>
      )}
      {removed.length > 0 && (
        <Flex wrap gap={4} align="center">
          <Typography.Text>{t('catalogue.diff.removed')}</Typography.Text>
          {removed.map((word) => (
            <Tag key={word} color="#a8071a">
              {`− ${word}`}
            </Tag>
          ))}
        </Flex>
      )}
    </Flex>
  );
}

function isEmpty(diff: CatalogueDiff): boolean {
  return (
    diff.addedCategories.length +
      diff.removedCategories.length +
      diff.changedCategories.length +
      diff.addedExceptions.length +
      diff.removedExceptions.length +
      diff.addedVagueWords.length +
      diff.removedVagueWords.length +
      diff.addedDepictionWords.length +
      diff.removedDepictionWords.length +
      diff.addedDictionaryWords.length +
      diff.removedDictionaryWords.length +
      diff.addedInsideWordTerms.length +
      diff.removedInsideWordTerms.length +
      diff.addedCombinations.length +
      diff.removedCombinations.length +
      diff.changedCombinations.length +
      diff.addedMediaWords.length +
      diff.removedMediaWords.length +
      diff.addedMediaCategories.length +
      diff.removedMediaCategories.length +
      diff.addedNotes.length ===
    0
  );
}

/** What changed between two catalogue versions (computed by the API). */
export function CatalogueDiffView({
  versions,
  initial,
}: {
  versions: CatalogueVersionSummary[];
  initial?: { from: string; to: string };
}) {
  const { t } = useTranslation('security');
  const [from, setFrom] = useState<string | undefined>(
    initial?.from ?? versions[1]?.version ?? versions[0]?.version,
  );
  const [to, setTo] = useState<string | undefined>(initial?.to ?? versions[0]?.version);
  const diff = useCatalogueDiff(from, to);
  const options = versions.map((version) => ({ value: version.version, label: version.version }));

  let body;
  if (diff.isPending) body = <Loading label={t('common:state.loading')} />;
  else if (diff.isError) body = <Alert type="error" showIcon title={diff.error.message} />;
  else if (isEmpty(diff.data)) body = <Empty description={t('catalogue.diff.same')} />;
  else {
    const data = diff.data;
    body = (
      <Flex vertical gap={16}>
        <Descriptions column={1} bordered size="small">
          <Descriptions.Item label={t('catalogue.diff.categories')}>
            <Changes added={data.addedCategories} removed={data.removedCategories} />
          </Descriptions.Item>
          <Descriptions.Item label={t('catalogue.lists.exceptions')}>
            <Changes added={data.addedExceptions} removed={data.removedExceptions} />
          </Descriptions.Item>
          <Descriptions.Item label={t('catalogue.lists.vagueWords')}>
            <Changes added={data.addedVagueWords} removed={data.removedVagueWords} />
          </Descriptions.Item>
          <Descriptions.Item label={t('catalogue.lists.depictionWords')}>
            <Changes added={data.addedDepictionWords} removed={data.removedDepictionWords} />
          </Descriptions.Item>
          <Descriptions.Item label={t('catalogue.rules.dictionary')}>
            <Changes added={data.addedDictionaryWords} removed={data.removedDictionaryWords} />
          </Descriptions.Item>
          <Descriptions.Item label={t('catalogue.rules.insideWordTerms')}>
            <Changes added={data.addedInsideWordTerms} removed={data.removedInsideWordTerms} />
          </Descriptions.Item>
          <Descriptions.Item label={t('catalogue.rules.combinations')}>
            <Flex vertical gap={4}>
              <Changes added={data.addedCombinations} removed={data.removedCombinations} />
              {data.changedCombinations.map((change) => (
                <Typography.Text key={change}>{change}</Typography.Text>
              ))}
            </Flex>
          </Descriptions.Item>
          <Descriptions.Item label={t('catalogue.rules.mediaWords')}>
            <Changes added={data.addedMediaWords} removed={data.removedMediaWords} />
          </Descriptions.Item>
          <Descriptions.Item label={t('catalogue.rules.mediaCategories')}>
            <Changes added={data.addedMediaCategories} removed={data.removedMediaCategories} />
          </Descriptions.Item>
          <Descriptions.Item label={t('catalogue.rules.notes')}>
            {data.addedNotes.length === 0 ? (
              '—'
            ) : (
              <Flex vertical gap={4}>
                {data.addedNotes.map((note) => (
                  <Typography.Text key={note}>{note}</Typography.Text>
                ))}
              </Flex>
            )}
          </Descriptions.Item>
        </Descriptions>
        <Table<CategoryChange>
          rowKey="slug"
          size="small"
          pagination={false}
          scroll={{ x: 700 }}
          title={() => t('catalogue.diff.changedCategories')}
          dataSource={data.changedCategories}
          locale={{ emptyText: <Empty description={t('catalogue.diff.noChangedCategories')} /> }}
          columns={[
            { title: t('catalogue.category'), dataIndex: 'slug' },
            {
              title: t('catalogue.diff.changedFields'),
              dataIndex: 'changedFields',
              render: (fields: string[]) => fields.join(', ') || '—',
            },
            {
              title: t('catalogue.terms.title'),
              key: 'terms',
              render: (_, change) => <Changes added={change.addedTerms} removed={change.removedTerms} />,
            },
          ]}
        />
      </Flex>
    );
  }

  return (
    <Card title={t('catalogue.diff.title')}>
      <Flex wrap gap={16} align="end" style={{ marginBottom: 16 }}>
        <Flex vertical gap={4}>
          <Typography.Text aria-hidden>{t('catalogue.diff.from')}</Typography.Text>
          <Select
            aria-label={t('catalogue.diff.from')}
            style={{ minWidth: 180 }}
            value={from}
            onChange={setFrom}
            options={options}
          />
        </Flex>
        <Flex vertical gap={4}>
          <Typography.Text aria-hidden>{t('catalogue.diff.to')}</Typography.Text>
          <Select
            aria-label={t('catalogue.diff.to')}
            style={{ minWidth: 180 }}
            value={to}
            onChange={setTo}
            options={options}
          />
        </Flex>
      </Flex>
      {body}
    </Card>
  );
}

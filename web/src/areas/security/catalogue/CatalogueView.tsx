import { Card, Col, Descriptions, Empty, Flex, Input, Row, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StatusTag } from '../../../app/StatusTag';
import {
  ROUTES,
  VERDICT_TONE,
  type Catalogue,
  type Category,
  type Combination,
  type DictionaryGroup,
  type Verdict,
} from './types';

export function VerdictTag({ verdict }: { verdict: Verdict }) {
  const { t } = useTranslation('security');
  return <StatusTag tone={VERDICT_TONE[verdict]}>{t(`catalogue.verdicts.${verdict}`)}</StatusTag>;
}

function Words({ words }: { words: readonly string[] }) {
  const { t } = useTranslation('security');
  if (words.length === 0) return <Typography.Text type="secondary">{t('catalogue.noWords')}</Typography.Text>;
  return (
    <Flex wrap gap={4}>
      {words.map((word) => (
        <Tag key={word} style={{ marginInlineEnd: 0 }}>
          {word}
        </Tag>
      ))}
    </Flex>
  );
}

function CategoryDetails({ category }: { category: Category }) {
  const { t } = useTranslation('security');
  return (
    <Flex vertical gap={12}>
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('catalogue.terms.zh')}>
          <Words words={category.terms.zh} />
        </Descriptions.Item>
        <Descriptions.Item label={t('catalogue.terms.en')}>
          <Words words={category.terms.en} />
        </Descriptions.Item>
        <Descriptions.Item label={t('catalogue.terms.slang')}>
          <Words words={category.terms.slang} />
        </Descriptions.Item>
        <Descriptions.Item label={t('catalogue.crimeRelated')}>
          {t(category.crimeRelated ? 'yes' : 'no')}
        </Descriptions.Item>
      </Descriptions>
      {category.overrides.length > 0 && (
        <Table
          size="small"
          pagination={false}
          rowKey={(override) => override.terms.join('|')}
          title={() => t('catalogue.overrides')}
          dataSource={category.overrides}
          columns={[
            { title: t('catalogue.terms.title'), key: 'terms', render: (_, o) => <Words words={o.terms} /> },
            {
              title: t('catalogue.verdictsTitle'),
              key: 'verdicts',
              render: (_, o) => (
                <Flex wrap gap={4}>
                  {ROUTES.filter((route) => o.verdicts[route] !== undefined).map((route) => (
                    <span key={route}>
                      {t(`catalogue.routes.${route}`)} <VerdictTag verdict={o.verdicts[route]!} />
                    </span>
                  ))}
                </Flex>
              ),
            },
            { title: t('catalogue.note'), key: 'note', render: (_, o) => o.note ?? '—' },
          ]}
        />
      )}
      {category.limits.length > 0 && (
        <Table
          size="small"
          pagination={false}
          rowKey="id"
          title={() => t('catalogue.limits')}
          dataSource={category.limits}
          columns={[
            { title: t('catalogue.limit'), dataIndex: 'label' },
            {
              title: t('catalogue.max'),
              key: 'max',
              render: (_, limit) =>
                limit.max === null ? t('catalogue.noMax') : `${limit.max} ${limit.measure}`,
            },
            { title: t('catalogue.note'), key: 'note', render: (_, limit) => limit.note ?? '—' },
          ]}
        />
      )}
    </Flex>
  );
}

/** How the screener reads words: segmenter dictionary, inside-word terms, combinations, media (read-only). */
function WordRules({ catalogue }: { catalogue: Catalogue }) {
  const { t } = useTranslation('security');
  return (
    <Flex vertical gap={16}>
      {catalogue.notes.length > 0 && (
        <Card title={t('catalogue.rules.notes')}>
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {catalogue.notes.map((note) => (
              <li key={note}>
                <Typography.Text>{note}</Typography.Text>
              </li>
            ))}
          </ul>
        </Card>
      )}
      <Card title={t('catalogue.rules.dictionary')}>
        <Typography.Paragraph type="secondary">{t('catalogue.rules.dictionaryHelp')}</Typography.Paragraph>
        <Table<DictionaryGroup>
          size="small"
          pagination={false}
          rowKey="label"
          dataSource={catalogue.dictionary}
          locale={{ emptyText: <Empty description={t('catalogue.noWords')} /> }}
          columns={[
            { title: t('catalogue.rules.label'), dataIndex: 'label' },
            { title: t('catalogue.rules.words'), key: 'words', render: (_, g) => <Words words={g.words} /> },
            { title: t('catalogue.note'), key: 'note', render: (_, g) => g.note ?? '—' },
          ]}
        />
      </Card>
      <Card title={t('catalogue.rules.combinations')}>
        <Typography.Paragraph type="secondary">{t('catalogue.rules.combinationsHelp')}</Typography.Paragraph>
        <Table<Combination>
          size="small"
          pagination={false}
          rowKey="id"
          scroll={{ x: 900 }}
          dataSource={catalogue.combinations}
          locale={{ emptyText: <Empty description={t('catalogue.noWords')} /> }}
          expandable={{
            expandedRowRender: (combination) => (
              <Descriptions column={1} size="small" bordered>
                {combination.groups.map((words, index) => (
                  <Descriptions.Item key={index} label={t('catalogue.rules.group', { number: index + 1 })}>
                    <Words words={words} />
                  </Descriptions.Item>
                ))}
                <Descriptions.Item label={t('catalogue.rules.unless')}>
                  <Words words={combination.unless} />
                </Descriptions.Item>
              </Descriptions>
            ),
          }}
          columns={[
            {
              title: t('catalogue.rules.id'),
              dataIndex: 'id',
              render: (id: string) => <Typography.Text code>{id}</Typography.Text>,
            },
            { title: t('catalogue.category'), dataIndex: 'category' },
            {
              title: t('catalogue.verdictsTitle'),
              key: 'verdicts',
              render: (_, combination) =>
                combination.verdicts === undefined ? (
                  t('catalogue.rules.categoryVerdicts')
                ) : (
                  <Flex wrap gap={4}>
                    {ROUTES.filter((route) => combination.verdicts?.[route] !== undefined).map((route) => (
                      <span key={route}>
                        {t(`catalogue.routes.${route}`)}{' '}
                        <VerdictTag verdict={combination.verdicts![route]!} />
                      </span>
                    ))}
                  </Flex>
                ),
            },
            { title: t('catalogue.note'), key: 'note', render: (_, combination) => combination.note ?? '—' },
          ]}
        />
      </Card>
      <Row gutter={[16, 16]}>
        {(['insideWordTerms', 'mediaWords', 'mediaCategories'] as const).map((list) => (
          <Col xs={24} lg={8} key={list}>
            <Card title={t(`catalogue.rules.${list}`)} style={{ height: '100%' }}>
              <Typography.Paragraph type="secondary">{t(`catalogue.rules.${list}Help`)}</Typography.Paragraph>
              <Words words={catalogue[list]} />
            </Card>
          </Col>
        ))}
      </Row>
    </Flex>
  );
}

/** One catalogue version: its categories (verdict per route, authorities, terms) and its word lists. */
export function CatalogueView({ catalogue }: { catalogue: Catalogue }) {
  const { t, i18n } = useTranslation('security');
  const [search, setSearch] = useState('');
  const english = i18n.language === 'en';
  const categories = useMemo(() => {
    const needle = search.trim().toLowerCase();
    if (needle === '') return catalogue.categories;
    return catalogue.categories.filter((category) =>
      [
        category.slug,
        category.name,
        category.nameEn,
        ...category.terms.zh,
        ...category.terms.en,
        ...category.terms.slang,
      ].some((text) => text.toLowerCase().includes(needle)),
    );
  }, [catalogue, search]);

  return (
    <Flex vertical gap={16}>
      <Card title={t('catalogue.view.title', { version: catalogue.version })}>
        <Input.Search
          allowClear
          aria-label={t('catalogue.view.search')}
          placeholder={t('catalogue.view.search')}
          onChange={(event) => setSearch(event.target.value)}
          style={{ maxWidth: 400, marginBottom: 16 }}
        />
        <Table<Category>
          rowKey="slug"
          size="small"
          scroll={{ x: 900 }}
          pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
          dataSource={categories}
          locale={{ emptyText: <Empty description={t('catalogue.view.noCategories')} /> }}
          expandable={{ expandedRowRender: (category) => <CategoryDetails category={category} /> }}
          columns={[
            {
              title: t('catalogue.category'),
              key: 'name',
              render: (_, category) => (
                <Flex vertical>
                  <Typography.Text strong>{english ? category.nameEn : category.name}</Typography.Text>
                  <Typography.Text type="secondary">
                    {english ? category.name : category.nameEn}
                  </Typography.Text>
                  <Typography.Text code>{category.slug}</Typography.Text>
                </Flex>
              ),
            },
            {
              title: t('catalogue.group'),
              dataIndex: 'group',
              render: (group: string) => t(`catalogue.groups.${group}`, { defaultValue: group }),
            },
            ...ROUTES.map((route) => ({
              title: t(`catalogue.routes.${route}`),
              key: route,
              render: (_: unknown, category: Category) => <VerdictTag verdict={category.verdicts[route]} />,
            })),
            {
              title: t('catalogue.reportTo'),
              key: 'reportTo',
              render: (_, category) =>
                category.reportTo
                  .map((authority) => t(`catalogue.authorities.${authority}`, { defaultValue: authority }))
                  .join(', ') || '—',
            },
            {
              title: t('catalogue.termCount'),
              key: 'terms',
              align: 'right',
              render: (_, category) =>
                category.terms.zh.length + category.terms.en.length + category.terms.slang.length,
            },
          ]}
        />
      </Card>
      <Row gutter={[16, 16]}>
        {(['exceptions', 'vagueWords', 'depictionWords'] as const).map((list) => (
          <Col xs={24} lg={8} key={list}>
            <Card title={t(`catalogue.lists.${list}`)} style={{ height: '100%' }}>
              <Typography.Paragraph type="secondary">{t(`catalogue.lists.${list}Help`)}</Typography.Paragraph>
              <Words words={catalogue[list]} />
            </Card>
          </Col>
        ))}
      </Row>
      <WordRules catalogue={catalogue} />
    </Flex>
  );
}

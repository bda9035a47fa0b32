import { Button, Descriptions, Drawer, Empty, Flex, List, Typography } from 'antd';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { chinaDateTime } from '../../../app/format';
import { StatusTag } from '../../../app/StatusTag';
import { SEVERITY_TONE, waybillOf, type Clue } from './types';

const DETAIL_VALUE_KEYS: Record<string, string> = {
  reason: 'clues.reasonValues',
  gateKind: 'clues.gateKinds',
  matched: 'clues.subjects',
  documentType: 'watchlist.documentTypes',
};

function detailValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.map((item) => detailValue(item)).join(', ');
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '—';
}

/**
 * One clue, whole: what raised it, where and when, its details (no personal data: clues carry blind indexes and
 * references, never a document or phone in clear), what it refers to, and other clues about the same subject.
 */
export function ClueDrawer({
  clue,
  siteLabel,
  related,
  onClose,
  onOpen,
}: {
  clue: Clue | null;
  siteLabel: (siteId: string | null) => string;
  related: Clue[];
  onClose: () => void;
  onOpen: (clue: Clue) => void;
}) {
  const { t } = useTranslation('security');
  const kindLabel = (kind: string) => t(`clues.kinds.${kind}`, { defaultValue: kind });
  const waybill = clue === null ? null : waybillOf(clue);
  // Known codes in a clue's details read as words; anything else is shown as it is.
  const detailText = (key: string, value: unknown): string => {
    if (typeof value !== 'string') return detailValue(value);
    const namespace = DETAIL_VALUE_KEYS[key];
    return namespace === undefined ? value : t(`${namespace}.${value}`, { defaultValue: value });
  };
  // Our own id for the title: the dialog is named by it whatever ids the component library generates.
  const titleId = useId();
  return (
    <Drawer
      open={clue !== null}
      onClose={onClose}
      aria-labelledby={titleId}
      title={<span id={titleId}>{clue === null ? '' : kindLabel(clue.kind)}</span>}
      size="large"
      closable={{ 'aria-label': t('close') }}
    >
      {clue !== null && (
        <Flex vertical gap={16}>
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label={t('clues.severity')}>
              <StatusTag tone={SEVERITY_TONE[clue.severity]}>
                {t(`clues.severities.${clue.severity}`)}
              </StatusTag>
            </Descriptions.Item>
            <Descriptions.Item label={t('clues.raisedAt')}>{chinaDateTime(clue.createdAt)}</Descriptions.Item>
            <Descriptions.Item label={t('clues.site')}>{siteLabel(clue.siteId)}</Descriptions.Item>
            <Descriptions.Item label={t('clues.source')}>
              {t(`clues.sources.${clue.source}`, { defaultValue: clue.source })}
            </Descriptions.Item>
            <Descriptions.Item label={t('clues.status')}>
              {t(`clues.statuses.${clue.status}`, { defaultValue: clue.status })}
            </Descriptions.Item>
            <Descriptions.Item label={t('clues.subject')}>
              {t(`clues.subjects.${clue.subjectType}`, { defaultValue: clue.subjectType })}
            </Descriptions.Item>
            {clue.subjectIndex !== null && (
              <Descriptions.Item label={t('clues.subjectIndex')}>
                <Flex vertical>
                  <Typography.Text code>{`${clue.subjectIndex.slice(0, 12)}…`}</Typography.Text>
                  <Typography.Text type="secondary">{t('clues.subjectIndexHelp')}</Typography.Text>
                </Flex>
              </Descriptions.Item>
            )}
            {waybill !== null && (
              <Descriptions.Item label={t('clues.parcel')}>
                <Link to={`/parcels/${encodeURIComponent(waybill)}`}>{waybill}</Link>
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('clues.id')}>
              <Typography.Text copyable>{clue.id}</Typography.Text>
            </Descriptions.Item>
          </Descriptions>

          <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
            {t('clues.details')}
          </Typography.Title>
          {Object.keys(clue.details).length === 0 ? (
            <Empty description={t('clues.noDetails')} />
          ) : (
            <Descriptions column={1} bordered size="small">
              {Object.entries(clue.details)
                .filter(([key]) => key !== 'waybillNo')
                .map(([key, value]) => (
                  <Descriptions.Item key={key} label={t(`clues.detailKeys.${key}`, { defaultValue: key })}>
                    {detailText(key, value)}
                  </Descriptions.Item>
                ))}
            </Descriptions>
          )}

          <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
            {t('clues.refs')}
          </Typography.Title>
          <List
            size="small"
            bordered
            dataSource={clue.refs}
            locale={{ emptyText: <Empty description={t('clues.noRefs')} /> }}
            renderItem={(ref) => (
              <List.Item>
                <Flex gap={8} wrap>
                  <Typography.Text strong>
                    {t(`clues.refTypes.${ref.type}`, { defaultValue: ref.type })}
                  </Typography.Text>
                  {ref.type === 'parcel' ? (
                    <Link to={`/parcels/${encodeURIComponent(ref.id)}`}>{ref.id}</Link>
                  ) : (
                    <Typography.Text code>{ref.id}</Typography.Text>
                  )}
                </Flex>
              </List.Item>
            )}
          />

          {clue.subjectIndex !== null && (
            <>
              <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
                {t('clues.related')}
              </Typography.Title>
              <List
                size="small"
                bordered
                dataSource={related}
                locale={{ emptyText: <Empty description={t('clues.noRelated')} /> }}
                renderItem={(other) => (
                  <List.Item>
                    <Button
                      type="link"
                      style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }}
                      onClick={() => onOpen(other)}
                    >
                      {t('clues.relatedItem', {
                        kind: kindLabel(other.kind),
                        at: chinaDateTime(other.createdAt),
                        site: siteLabel(other.siteId),
                      })}
                    </Button>
                  </List.Item>
                )}
              />
            </>
          )}
        </Flex>
      )}
    </Drawer>
  );
}

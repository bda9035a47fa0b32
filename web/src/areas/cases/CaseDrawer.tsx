import { useQuery } from '@tanstack/react-query';
import { Alert, Descriptions, Drawer, Empty, List, Spin, Typography } from 'antd';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { chinaDateTime } from '../../app/format';
import { StatusTag } from '../../app/StatusTag';
import { PRIORITY_TONE, STATUS_TONE } from './types';

/**
 * One case, whole: status, outcome, priority, deadline, assignee; its timeline; the clues in it; its evidence
 * (name, type, size, SHA-256, locked by a report); the custody hand-overs of its parcel.
 */
export function CaseDrawer({ caseId, onClose }: { caseId: string | null; onClose: () => void }) {
  const { t } = useTranslation('cases');
  const titleId = useId();
  const detail = useQuery({
    queryKey: ['case', caseId],
    queryFn: () => unwrap(api.GET('/api/v1/cases/{id}', { params: { path: { id: caseId! } } })),
    enabled: caseId !== null,
  });
  const found = detail.data;
  return (
    <Drawer
      open={caseId !== null}
      onClose={onClose}
      aria-labelledby={titleId}
      title={<span id={titleId}>{found?.title ?? t('case')}</span>}
      size="large"
      closable={{ 'aria-label': t('close') }}
    >
      {detail.isError && <Alert type="error" showIcon title={detail.error.message} />}
      {detail.isPending && caseId !== null && <Spin aria-label={t('loading')} />}
      {found !== undefined && (
        // Focusable, so the drawer's scrolling body can be read with the keyboard even without links in it.
        <div role="region" aria-label={t('details')} tabIndex={0}>
          <Descriptions column={1} size="small" bordered>
            {found.waybillNo !== null && (
              <Descriptions.Item label={t('parcel')}>
                <Link to={`/parcels/${encodeURIComponent(found.waybillNo)}`}>{found.waybillNo}</Link>
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('status')}>
              <StatusTag tone={STATUS_TONE[found.status]}>{t(`statuses.${found.status}`)}</StatusTag>
              {found.sealed && <StatusTag tone="bad">{t('sealed')}</StatusTag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('outcome')}>
              {found.outcome === null ? '—' : t(`outcomes.${found.outcome}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('priority')}>
              <StatusTag tone={PRIORITY_TONE[found.priority]}>{t(`priorities.${found.priority}`)}</StatusTag>
            </Descriptions.Item>
            <Descriptions.Item label={t('deadline')}>
              {chinaDateTime(found.deadlineAt)}{' '}
              {found.overdue && <StatusTag tone="bad">{t('overdue')}</StatusTag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('categories')}>
              {found.categories.length === 0 ? '—' : found.categories.join(', ')}
            </Descriptions.Item>
            <Descriptions.Item label={t('assignee')}>{found.assigneeId ?? t('nobody')}</Descriptions.Item>
          </Descriptions>

          <Typography.Title level={2} style={{ fontSize: 16, marginTop: 24 }}>
            {t('timeline')}
          </Typography.Title>
          <List
            size="small"
            dataSource={found.timeline}
            renderItem={(event) => (
              <List.Item>
                <Typography.Text>
                  {chinaDateTime(event.at)} · {t(`events.${event.kind}`, { defaultValue: event.kind })} ·{' '}
                  {event.actorId}
                </Typography.Text>
              </List.Item>
            )}
          />

          <Typography.Title level={2} style={{ fontSize: 16, marginTop: 24 }}>
            {t('clues')}
          </Typography.Title>
          <List
            size="small"
            dataSource={found.clues}
            locale={{ emptyText: <Empty description={t('noClues')} /> }}
            renderItem={(clue) => (
              <List.Item>
                <Typography.Text>
                  {chinaDateTime(clue.createdAt)} · {clue.kind} · {t(`severities.${clue.severity}`)}
                </Typography.Text>
              </List.Item>
            )}
          />

          <Typography.Title level={2} style={{ fontSize: 16, marginTop: 24 }}>
            {t('evidence')}
          </Typography.Title>
          <List
            size="small"
            dataSource={found.evidence}
            locale={{ emptyText: <Empty description={t('noEvidence')} /> }}
            renderItem={(item) => (
              <List.Item>
                <Typography.Text>
                  {item.fileName} · {item.mediaType} · {t('bytes', { count: item.sizeBytes })} ·{' '}
                  <Typography.Text code>{item.sha256.slice(0, 16)}…</Typography.Text>
                  {item.locked && <StatusTag tone="info">{t('locked')}</StatusTag>}
                  {item.withdrawn && <StatusTag tone="neutral">{t('withdrawn')}</StatusTag>}
                </Typography.Text>
              </List.Item>
            )}
          />

          <Typography.Title level={2} style={{ fontSize: 16, marginTop: 24 }}>
            {t('custody')}
          </Typography.Title>
          <List
            size="small"
            dataSource={found.custody}
            locale={{ emptyText: <Empty description={t('noCustody')} /> }}
            renderItem={(handover) => (
              <List.Item>
                <Typography.Text>
                  {chinaDateTime(handover.handedAt)} ·{' '}
                  {t(`handovers.${handover.kind}`, { defaultValue: handover.kind })} ·{' '}
                  {handover.toUnit === null ? handover.toName : `${handover.toName} (${handover.toUnit})`} ·{' '}
                  {handover.location}
                </Typography.Text>
              </List.Item>
            )}
          />
        </div>
      )}
    </Drawer>
  );
}

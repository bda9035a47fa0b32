import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Drawer, Empty, List, Spin, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { chinaDateTime } from '../../app/format';
import { StatusTag } from '../../app/StatusTag';
import { useSession } from '../../session/session';
import { CaseActions } from './CaseActions';
import { EvidencePanel } from './EvidencePanel';
import { ReportList } from './ReportList';
import { ReportWizard } from './ReportWizard';
import { useStaffNames } from './staff';
import { PRIORITY_TONE, STATUS_TONE } from './types';

/**
 * One case, whole: status, outcome, priority, deadline, assignee; its timeline; the clues in it; its evidence
 * (name, type, size, SHA-256, locked by a report); the custody hand-overs of its parcel; its reports to the
 * authorities. Holders of cases:manage move it, assign it and add evidence; holders of case-reports:draft draft
 * a report through the wizard.
 */
export function CaseDrawer({ caseId, onClose }: { caseId: string | null; onClose: () => void }) {
  const { t } = useTranslation('cases');
  const titleId = useId();
  const detail = useQuery({
    queryKey: ['case', caseId],
    queryFn: () => unwrap(api.GET('/api/v1/cases/{id}', { params: { path: { id: caseId! } } })),
    enabled: caseId !== null,
  });
  const session = useSession();
  const staff = useStaffNames();
  const [drafting, setDrafting] = useState(false);
  const canReadReports = session.can('case-reports:read');
  const reports = useQuery({
    queryKey: ['case-reports', 'of-case', caseId],
    queryFn: () => unwrap(api.GET('/api/v1/cases/{id}/reports', { params: { path: { id: caseId! } } })),
    enabled: caseId !== null && canReadReports,
  });
  const found = detail.data;
  const canManage = session.can('cases:manage');
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
            <Descriptions.Item label={t('assignee')}>
              {found.assigneeName ?? found.assigneeId ?? t('nobody')}
            </Descriptions.Item>
          </Descriptions>
          {canManage && <CaseActions key={found.id} found={found} staff={staff} />}

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
                  {event.actorName ?? event.actorId}
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
          <EvidencePanel found={found} canManage={canManage} />

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

          {canReadReports && (
            <>
              <Typography.Title level={2} style={{ fontSize: 16, marginTop: 24 }}>
                {t('reports.title')}
              </Typography.Title>
              {session.can('case-reports:draft') && found.status !== 'closed' && (
                <Button style={{ marginBottom: 12 }} onClick={() => setDrafting(true)}>
                  {t('wizard.open')}
                </Button>
              )}
              {reports.isError && <Alert type="error" showIcon title={reports.error.message} />}
              {reports.data !== undefined && <ReportList reports={reports.data} headingLevel={3} />}
              <ReportWizard
                caseId={found.id}
                caseTitle={found.title}
                open={drafting}
                onClose={() => setDrafting(false)}
              />
            </>
          )}
        </div>
      )}
    </Drawer>
  );
}

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Drawer, Flex, List, Spin, Typography } from 'antd';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { chinaDateTime } from '../../app/format';
import { StatusTag } from '../../app/StatusTag';
import { useSession } from '../../session/session';
import { Checklist } from './Checklist';
import { Fulfilment } from './Fulfilment';
import { ReasonDialog } from './ReasonDialog';
import { STATUS_TONE, type LawfulRequest } from './types';

type ReasonStep = 'return' | 'refuse' | 'approve' | 'close' | 'hold';

function Heading({ children }: { children: ReactNode }) {
  return (
    <Typography.Title level={2} style={{ fontSize: 16, marginTop: 24 }}>
      {children}
    </Typography.Title>
  );
}

/**
 * One lawful request, whole: the step still missing before anything may be disclosed (on top, where it cannot be
 * missed), the agency and its document (with the scan's SHA-256), the officers, the scope; the checklist; and the
 * steps open to the reader: return or refuse with a reason, approve (a designated approver, four eyes).
 */
export function RequestDrawer({ requestId, onClose }: { requestId: string | null; onClose: () => void }) {
  const { t } = useTranslation('requests');
  const { message } = App.useApp();
  const session = useSession();
  const queryClient = useQueryClient();
  const titleId = useId();
  const [step, setStep] = useState<ReasonStep | null>(null);
  const detail = useQuery({
    queryKey: ['lawful-request', requestId],
    queryFn: () => unwrap(api.GET('/api/v1/lawful-requests/{id}', { params: { path: { id: requestId! } } })),
    enabled: requestId !== null,
  });
  const found = detail.data;

  const changed = (request: LawfulRequest) => {
    queryClient.setQueryData(['lawful-request', request.id], request);
    void queryClient.invalidateQueries({ queryKey: ['lawful-requests'] });
    void queryClient.invalidateQueries({ queryKey: ['lawful-request-figures'] });
  };

  const send = (which: ReasonStep) => (reason: string) => {
    const params = { path: { id: found!.id } };
    const body = { reason };
    if (which === 'approve')
      return unwrap(api.POST('/api/v1/lawful-requests/{id}/approve', { params, body }));
    if (which === 'refuse') return unwrap(api.POST('/api/v1/lawful-requests/{id}/refuse', { params, body }));
    if (which === 'close') return unwrap(api.POST('/api/v1/lawful-requests/{id}/close', { params, body }));
    if (which === 'hold')
      return unwrap(
        api.POST('/api/v1/lawful-requests/{id}/legal-hold', {
          params,
          body: { on: !found!.legalHold, reason },
        }),
      );
    return unwrap(api.POST('/api/v1/lawful-requests/{id}/return', { params, body }));
  };

  const canApprove = session.can('requests:approve');
  const open = found !== undefined && !found.foreignAgency;
  const mayReturn = open && (found.status === 'registered' || found.status === 'verified');
  const mayRefuse = open && ['registered', 'returned', 'verified'].includes(found.status);
  const mayApprove = open && canApprove && found.status === 'verified';
  // A foreign authority's request is closed like any refused one.
  const mayClose = found !== undefined && ['fulfilled', 'refused', 'returned'].includes(found.status);
  // The legal hold's dialog says which way it turns.
  const stepKey =
    step === 'hold'
      ? found?.legalHold === true
        ? 'holdOff'
        : 'holdOn'
      : step === 'close'
        ? 'closeRequest'
        : step;

  return (
    <Drawer
      open={requestId !== null}
      onClose={onClose}
      aria-labelledby={titleId}
      title={<span id={titleId}>{found === undefined ? t('request') : t('requestTitle', found)}</span>}
      size="large"
      closable={{ 'aria-label': t('close') }}
    >
      {detail.isError && <Alert type="error" showIcon title={detail.error.message} />}
      {detail.isPending && requestId !== null && <Spin aria-label={t('loading')} />}
      {found !== undefined && (
        <div role="region" aria-label={t('details')} tabIndex={0}>
          {found.missingStep === null ? (
            <Alert type="success" showIcon style={{ marginBottom: 16 }} title={t('readyToDisclose')} />
          ) : (
            <Alert
              type={
                found.foreignAgency || found.status === 'refused'
                  ? 'error'
                  : found.status === 'fulfilled' || found.status === 'closed'
                    ? 'info'
                    : 'warning'
              }
              showIcon
              style={{ marginBottom: 16 }}
              title={t('missingStep')}
              description={found.missingStep}
            />
          )}
          <Flex gap={8} wrap style={{ marginBottom: 16 }}>
            {mayApprove && (
              <Button type="primary" onClick={() => setStep('approve')}>
                {t('approve.open')}
              </Button>
            )}
            {mayReturn && <Button onClick={() => setStep('return')}>{t('return.open')}</Button>}
            {mayRefuse && (
              <Button danger onClick={() => setStep('refuse')}>
                {t('refuse.open')}
              </Button>
            )}
            {mayClose && <Button onClick={() => setStep('close')}>{t('closeRequest.open')}</Button>}
          </Flex>

          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('status')}>
              <StatusTag tone={STATUS_TONE[found.status]}>{t(`statuses.${found.status}`)}</StatusTag>
              {found.foreignAgency && <StatusTag tone="bad">{t('foreign')}</StatusTag>}
              {found.statusReason !== null && <Typography.Text> {found.statusReason}</Typography.Text>}
            </Descriptions.Item>
            <Descriptions.Item label={t('agency')}>
              {t(`agencyKinds.${found.agencyKind}`)} · {found.issuingOrgan} ·{' '}
              {t(`organLevels.${found.organLevel}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('document')}>
              {t(`documentKinds.${found.document.kind}`)} · {found.document.number} · {found.document.date}
            </Descriptions.Item>
            <Descriptions.Item label={t('documentScan')}>
              {found.document.sha256 === null ? (
                t('noScan')
              ) : (
                <>
                  {found.document.mediaType} ·{' '}
                  <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
                    {found.document.sha256}
                  </Typography.Text>
                </>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('arrivedVia')}>
              {t(`arrivalChannels.${found.arrivedVia}`)} · {chinaDateTime(found.receivedAt)} ·{' '}
              {found.receivedByName ?? found.receivedBy}
            </Descriptions.Item>
            <Descriptions.Item label={t('deadline')}>
              {chinaDateTime(found.deadlineAt)}{' '}
              {found.overdue && <StatusTag tone="bad">{t('overdue')}</StatusTag>}
            </Descriptions.Item>
            {found.approvedAt !== null && (
              <Descriptions.Item label={t('approvedAt')}>
                {chinaDateTime(found.approvedAt)} · {found.approvedByName ?? found.approvedBy}
              </Descriptions.Item>
            )}
          </Descriptions>

          <Heading>{t('officers')}</Heading>
          <List
            size="small"
            bordered
            dataSource={found.officers}
            renderItem={(officer) => (
              <List.Item>
                <Typography.Text>
                  {officer.name} · {t('workIdNo')} {officer.workIdNo}
                </Typography.Text>
              </List.Item>
            )}
          />

          <Heading>{t('scopeTitle')}</Heading>
          <ScopeView scope={found.scope} />

          <Heading>{t('checklist')}</Heading>
          <Checklist request={found} onChanged={changed} />

          <Heading>{t('fulfil.title')}</Heading>
          <Fulfilment request={found} onChanged={changed} onHoldToggle={() => setStep('hold')} />
        </div>
      )}
      {found !== undefined && step !== null && stepKey !== null && (
        <ReasonDialog
          open
          title={t(`${stepKey}.title`, { reference: found.reference })}
          okText={t(`${stepKey}.submit`)}
          danger={step === 'refuse' || stepKey === 'holdOff'}
          explain={t(`${stepKey}.explain`)}
          send={send(step)}
          onDone={(request) => {
            changed(request);
            setStep(null);
            void message.success(t(`${stepKey}.done`, { reference: request.reference }));
          }}
          onClose={() => setStep(null)}
        />
      )}
    </Drawer>
  );
}

function ScopeView({ scope }: { scope: LawfulRequest['scope'] }) {
  const { t } = useTranslation(['requests', 'counter']);
  const list = (values: string[] | undefined) =>
    values === undefined || values.length === 0 ? '—' : values.join(', ');
  // Sites by code and name (the scope keeps their ids); the same list the register form offers.
  const sites = useQuery({
    queryKey: ['requests', 'sites'],
    queryFn: () => unwrap(api.GET('/api/v1/sites')),
    enabled: (scope.siteIds?.length ?? 0) > 0,
  });
  const siteLabel = (id: string) => {
    const site = sites.data?.find((each) => each.id === id);
    return site === undefined ? id : `${site.code} · ${site.name}`;
  };
  return (
    <Descriptions column={1} size="small" bordered>
      <Descriptions.Item label={t('scope.waybills')}>{list(scope.waybills)}</Descriptions.Item>
      <Descriptions.Item label={t('scope.senderDocuments')}>
        {list(
          scope.senderDocuments?.map(
            (document) =>
              `${t(`counter:documentTypes.${document.documentType}`, { defaultValue: document.documentType })} ${document.number}${document.nationality === undefined ? '' : ` (${document.nationality})`}`,
          ),
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('scope.senderPhones')}>{list(scope.senderPhones)}</Descriptions.Item>
      <Descriptions.Item label={t('scope.recipientPhones')}>{list(scope.recipientPhones)}</Descriptions.Item>
      <Descriptions.Item label={t('scope.sites')}>{list(scope.siteIds?.map(siteLabel))}</Descriptions.Item>
      <Descriptions.Item label={t('scope.dates')}>
        {scope.from ?? '—'} – {scope.to ?? '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('scope.categories')}>
        {list(scope.categories.map((category) => t(`categories.${category}`)))}
      </Descriptions.Item>
    </Descriptions>
  );
}

import { Alert, Col, Row } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { chinaToday } from '../../app/format';
import { PageHeader } from '../../app/PageHeader';
import { useSession } from '../../session/session';
import { DispatchBag } from './DispatchBag';
import { hubKeys, type Machine } from './hubApi';
import { MachinePicker } from './MachinePicker';
import { OpenInspectionQueue } from './OpenInspectionQueue';
import { ScanEntry } from './ScanEntry';

/**
 * The screener's day at the hub: pick a certified X-ray machine, record scans clear or suspect, open the suspect
 * parcels of the queue, and dispatch bags of parcels X-rayed clear.
 */
export default function HubPage() {
  const { t } = useTranslation('hub');
  const session = useSession();
  const me = session.me;
  const queryClient = useQueryClient();
  const [machine, setMachine] = useState<Machine | null>(null);
  if (me === null) return null;
  const siteId = me.siteId;
  const today = chinaToday();
  const xrayCertified = me.certifications.some(
    (certification) =>
      certification.kind === 'xray-operation' &&
      certification.revokedAt === null &&
      certification.expiresOn >= today,
  );
  const site = me.site === null ? '' : `${me.site.name} (${me.site.code})`;
  return (
    <>
      <PageHeader title={t('title')} />
      {siteId === null ? (
        <Alert type="warning" showIcon title={t('noSite')} />
      ) : (
        <>
          <Alert type="info" showIcon title={t('atSite', { site })} style={{ marginBottom: 16 }} />
          {xrayCertified ? null : (
            <Alert type="warning" showIcon title={t('notCertified')} style={{ marginBottom: 16 }} />
          )}
          <Row gutter={[16, 0]}>
            <Col xs={24} xl={12}>
              <MachinePicker siteId={siteId} machine={machine} onChange={setMachine} />
              <ScanEntry
                machine={machine}
                onRecorded={() => void queryClient.invalidateQueries({ queryKey: hubKeys.queue(siteId) })}
              />
            </Col>
            <Col xs={24} xl={12}>
              {session.can('parcels:open-inspection') ? <OpenInspectionQueue siteId={siteId} /> : null}
            </Col>
            <Col span={24}>{session.can('parcels:dispatch') ? <DispatchBag /> : null}</Col>
          </Row>
        </>
      )}
    </>
  );
}

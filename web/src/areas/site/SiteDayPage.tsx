import { Alert, Col, Empty, Form, Input, Row, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { chinaToday } from '../../app/format';
import { PageHeader } from '../../app/PageHeader';
import { useSession } from '../../session/session';
import { useSites } from '../security/holds/data';
import { SiteDay } from './SiteDay';
import { Loading } from '../../app/Loading';

/**
 * The station manager's day at their site (company-wide roles pick a site): coverage and gaps, refusals, holds,
 * staff certifications and machines needing action. The day is China's today unless another is picked.
 */
export default function SiteDayPage() {
  const { t } = useTranslation('site');
  const { me } = useSession();
  const companyWide = me?.permissions.includes('sites:all') ?? false;
  const sites = useSites();
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const [day, setDay] = useState(() => chinaToday());
  const today = chinaToday();
  // Station staff see their own site; company-wide roles start at theirs (if any), else the first site.
  const siteId = companyWide ? (picked ?? me?.siteId ?? sites.data?.[0]?.id) : (me?.siteId ?? undefined);
  const site = sites.data?.find((candidate) => candidate.id === siteId);

  return (
    <>
      <PageHeader
        title={site === undefined ? t('title') : t('titleOf', { site: `${site.name} (${site.code})` })}
        extra={
          <Form layout="inline" style={{ rowGap: 8 }}>
            {companyWide ? (
              <Form.Item label={t('sitePicker')} htmlFor="site-day-site">
                <Select
                  id="site-day-site"
                  showSearch={{ optionFilterProp: 'label' }}
                  style={{ minWidth: 240 }}
                  value={siteId}
                  onChange={(value: string) => setPicked(value)}
                  loading={sites.isPending}
                  options={(sites.data ?? []).map((candidate) => ({
                    value: candidate.id,
                    label: `${candidate.name} (${candidate.code})`,
                  }))}
                />
              </Form.Item>
            ) : null}
            <Form.Item label={t('dayPicker')} htmlFor="site-day-day" style={{ marginInlineEnd: 0 }}>
              <Input
                id="site-day-day"
                type="date"
                max={today}
                value={day}
                onChange={(event) => {
                  if (/^\d{4}-\d{2}-\d{2}$/.test(event.target.value) && event.target.value <= today)
                    setDay(event.target.value);
                }}
              />
            </Form.Item>
          </Form>
        }
      />
      {sites.isError ? <Alert type="error" showIcon title={sites.error.message} /> : null}
      {siteId === undefined ? (
        sites.isPending ? (
          <Row justify="center">
            <Col>
              <Loading label={t('common:state.loading')} />
            </Col>
          </Row>
        ) : (
          <Empty description={t('noSite')} />
        )
      ) : (
        <SiteDay siteId={siteId} day={day} />
      )}
    </>
  );
}

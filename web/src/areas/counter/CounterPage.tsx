import { Card, ConfigProvider, Empty } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useNavigate } from 'react-router';
import { PageHeader } from '../../app/PageHeader';
import { useSession } from '../../session/session';
import { CounterFlow, type FlowState } from './CounterFlow';
import { PrintView } from './PrintView';
import type { PrintableMark } from './types';

/**
 * The courier's counter: one sender's parcel from the prohibited-items notice to the printed inspection mark
 * (/counter), and the mark's print view (/counter/print). Where the flow stands lives here, in memory, so the
 * print view and the way back share it.
 */
// Ant Design's error red (#ff4d4f) falls short of WCAG AA contrast on white for the field errors the counter
// relies on: a darker red here (5.6:1).
const THEME = { token: { colorError: '#cf1322' } };

export default function CounterPage() {
  const { t } = useTranslation('counter');
  const { me } = useSession();
  const navigate = useNavigate();
  const [flow, setFlow] = useState<FlowState>({ step: 'notice' });
  const [printable, setPrintable] = useState<PrintableMark | null>(null);
  // A fresh key per sender: every step's form starts empty for the next one.
  const [run, setRun] = useState(0);
  const changeFlow = (next: FlowState) => {
    if (next.step === 'notice') setRun((value) => value + 1);
    setFlow(next);
  };
  const siteId = me?.siteId ?? null;

  return (
    <ConfigProvider theme={THEME}>
      <Routes>
        <Route
          path="print"
          element={
            <PrintView
              printable={printable}
              onDone={() => {
                setPrintable(null);
                changeFlow({ step: 'notice' });
              }}
            />
          }
        />
        <Route
          path="*"
          element={
            <>
              <PageHeader title={t('title')} />
              {siteId === null ? (
                <Card>
                  <Empty description={t('noSite')} />
                </Card>
              ) : (
                <CounterFlow
                  key={run}
                  flow={flow}
                  setFlow={changeFlow}
                  siteId={siteId}
                  regionCode={me?.site?.regionCode}
                  onPrint={(inspection) => {
                    if (inspection.mark === null) return;
                    setPrintable({ waybillNo: inspection.waybillNo, mark: inspection.mark });
                    void navigate('/counter/print');
                  }}
                />
              )}
            </>
          }
        />
      </Routes>
    </ConfigProvider>
  );
}

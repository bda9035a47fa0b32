import { Steps } from 'antd';
import { useTranslation } from 'react-i18next';
import { DecisionStep } from './steps/DecisionStep';
import { InspectionStep } from './steps/InspectionStep';
import { MarkStep } from './steps/MarkStep';
import { NoticeStep } from './steps/NoticeStep';
import { ParcelStep } from './steps/ParcelStep';
import { SenderStep } from './steps/SenderStep';
import type { InspectionResult, IntakeResult, SenderPresentation } from './types';

/** Where one sender's parcel stands at the counter; kept in memory only (never in the URL or storage). */
export type FlowState =
  | { step: 'notice' }
  | { step: 'sender' }
  | { step: 'parcel'; sender: SenderPresentation }
  | { step: 'decision'; intake: IntakeResult }
  | { step: 'inspection'; intake: IntakeResult }
  | { step: 'mark'; inspection: InspectionResult };

const STEP_KEYS = ['notice', 'sender', 'parcel', 'decision', 'inspection', 'mark'] as const;

/**
 * The counter in the law's order: the prohibited-items notice → the sender's identity → the parcel and its
 * items (screened live) → the decision → the inspection on acceptance → the inspection mark.
 */
export function CounterFlow({
  flow,
  setFlow,
  siteId,
  regionCode,
  onPrint,
}: {
  flow: FlowState;
  setFlow: (flow: FlowState) => void;
  siteId: string;
  regionCode: string | undefined;
  onPrint: (inspection: InspectionResult) => void;
}) {
  const { t } = useTranslation('counter');
  const current = STEP_KEYS.indexOf(flow.step);
  const nextSender = () => setFlow({ step: 'notice' });
  return (
    <>
      <nav aria-label={t('flow.progressLabel')} style={{ marginBottom: 16 }}>
        <Steps
          size="small"
          current={current}
          responsive
          items={STEP_KEYS.map((key, index) => ({
            title: t(`flow.steps.${key}`),
            ...(index === current ? { 'aria-current': 'step' } : {}),
          }))}
        />
      </nav>
      {flow.step === 'notice' ? (
        <NoticeStep onAcknowledged={() => setFlow({ step: 'sender' })} />
      ) : flow.step === 'sender' ? (
        <SenderStep
          siteId={siteId}
          onPassed={(sender) => setFlow({ step: 'parcel', sender })}
          onNextSender={nextSender}
        />
      ) : flow.step === 'parcel' ? (
        <ParcelStep
          siteId={siteId}
          regionCode={regionCode}
          sender={flow.sender}
          onDecided={(intake) => setFlow({ step: 'decision', intake })}
        />
      ) : flow.step === 'decision' ? (
        <DecisionStep
          result={flow.intake}
          onInspect={() => setFlow({ step: 'inspection', intake: flow.intake })}
          onNextSender={nextSender}
        />
      ) : flow.step === 'inspection' ? (
        <InspectionStep
          waybillNo={flow.intake.waybillNo}
          onInspected={(inspection) => setFlow({ step: 'mark', inspection })}
        />
      ) : (
        <MarkStep
          result={flow.inspection}
          onPrint={() => onPrint(flow.inspection)}
          onNextSender={nextSender}
        />
      )}
    </>
  );
}

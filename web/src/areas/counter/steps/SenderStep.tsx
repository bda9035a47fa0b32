import { useMutation } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  Divider,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import { ApiError, fieldErrors } from '../../../api/problem';
import { chinaToday } from '../../../app/format';
import { checkDocumentAsTyped, PERSON_DOCUMENT_TYPES } from '../documentCheck';
import type { GateBody, GateDecision, SenderPresentation } from '../types';
import { AgreementPicker, type AgreementChoice } from './AgreementPicker';
import { StepHeading } from './StepHeading';
import { StopNotice } from './StopNotice';

type Method = 'card-reader' | 'visual' | 'face-match';

interface DocumentValues {
  documentType: string;
  number: string;
  nationality?: string;
  name: string;
  phone?: string;
  verification: { method: Method; deviceScore?: number };
}

interface AgreementValues {
  agreement?: AgreementChoice;
  phone?: string;
}

type SenderKind = 'document' | 'agreement';

const blankToUndefined = (value: string | undefined) => {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? undefined : trimmed;
};

/** The sender's presentation for the document as the form holds it (also what the intake sends again). */
function presentationOf(
  values: DocumentValues,
): SenderPresentation & { documentType: string; number: string } {
  const nationality = blankToUndefined(values.nationality)?.toUpperCase();
  const phone = blankToUndefined(values.phone);
  return {
    documentType: values.documentType,
    number: values.number.trim(),
    ...(nationality === undefined || values.documentType !== 'passport' ? {} : { nationality }),
    name: values.name.trim(),
    ...(phone === undefined ? {} : { phone }),
    verification:
      values.verification.method === 'face-match'
        ? { method: 'face-match', deviceScore: values.verification.deviceScore ?? 0 }
        : { method: values.verification.method },
  };
}

/**
 * Step 2: who sends. An identity document (type, number, name, phone, how the person was checked against it),
 * its number checked as typed; or an agreement customer picked by name. The identity gate decides: pass, refuse
 * (with what to tell the sender) or hold (refer to a supervisor).
 */
export function SenderStep({
  siteId,
  onPassed,
  onNextSender,
}: {
  siteId: string;
  onPassed: (sender: SenderPresentation) => void;
  onNextSender: () => void;
}) {
  const { t } = useTranslation('counter');
  const [kind, setKind] = useState<SenderKind>('document');
  const [documentForm] = Form.useForm<DocumentValues>();
  const [agreementForm] = Form.useForm<AgreementValues>();
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const [stopped, setStopped] = useState<GateDecision | null>(null);
  const documentType = Form.useWatch('documentType', documentForm) ?? 'resident-id';
  const number = Form.useWatch('number', documentForm) ?? '';
  const method = Form.useWatch(['verification', 'method'], documentForm);
  const [numberFlagged, setNumberFlagged] = useState(false);
  const typedProblem = useMemo(
    () => checkDocumentAsTyped(documentType, number, chinaToday()),
    [documentType, number],
  );

  /** The as-typed check as a form rule: length problems wait while the courier is still typing. */
  function numberRule(value: string | undefined): Promise<void> {
    const problem = checkDocumentAsTyped(
      documentForm.getFieldValue('documentType') as string,
      value ?? '',
      chinaToday(),
    );
    const stillTyping = document.activeElement?.id === 'sender_number';
    if (
      problem === null ||
      (stillTyping && (problem === 'bad-length' || problem === 'first-generation-id'))
    ) {
      return Promise.resolve();
    }
    return Promise.reject(new Error(t(`documentProblem.${problem}`)));
  }

  const gate = useMutation({
    mutationFn: (body: GateBody) => unwrap(api.POST('/api/v1/identity/gate', { body })),
  });

  async function ask(
    body: GateBody,
    form: typeof documentForm | typeof agreementForm,
    sender: SenderPresentation,
  ) {
    setUnplaced([]);
    setStopped(null);
    try {
      const decision = await gate.mutateAsync(body);
      if (decision.decision === 'pass') {
        onPassed(sender);
        return;
      }
      if (decision.decision === 'refuse' && decision.reason === 'invalid-document') {
        // The server is the authority on the document: its refusal is shown next to the number too.
        documentForm.setFields([{ name: 'number', errors: [decision.counterMessage] }]);
      }
      setStopped(decision);
    } catch (caught) {
      if (caught instanceof ApiError) {
        const { fields, unplaced: rest } = fieldErrors(caught.problem);
        (form as typeof documentForm).setFields(
          fields.map((field) => ({ name: field.name as never, errors: field.errors })),
        );
        setUnplaced(fields.length === 0 && rest.length === 0 ? [caught.message] : rest);
      } else {
        setUnplaced([t('errors.network', { ns: 'common' })]);
      }
    }
  }

  function submitDocument(values: DocumentValues) {
    // Enter in the number field submits while it still has the focus: its length is checked here too.
    const problem = checkDocumentAsTyped(values.documentType, values.number, chinaToday());
    if (problem !== null) {
      documentForm.setFields([{ name: 'number', errors: [t(`documentProblem.${problem}`)] }]);
      return;
    }
    askDocument(values);
  }

  function askDocument(values: DocumentValues) {
    const presentation = presentationOf(values);
    void ask({ kind: 'document', siteId, ...presentation } as GateBody, documentForm, presentation);
  }

  /** The courier has checked the number against the document: the gate decides (and records a refusal). */
  async function submitDespiteCheck() {
    try {
      await documentForm.validateFields([
        'documentType',
        'name',
        'phone',
        'nationality',
        ['verification', 'method'],
      ]);
    } catch {
      return;
    }
    askDocument(documentForm.getFieldsValue(true) as DocumentValues);
  }

  function submitAgreement(values: AgreementValues) {
    if (values.agreement === undefined) return;
    const phone = blankToUndefined(values.phone);
    const { agreementId, accountId } = values.agreement;
    const sender: SenderPresentation = { agreementId, ...(phone === undefined ? {} : { phone }) };
    void ask(
      {
        kind: 'agreement',
        siteId,
        agreementId,
        ...(accountId === undefined ? {} : { accountId }),
        ...(phone === undefined ? {} : { phone }),
      },
      agreementForm,
      sender,
    );
  }

  function submitWithout(gateKind: 'refused-to-show' | 'no-document') {
    void ask({ kind: gateKind, siteId }, documentForm, {});
  }

  // A document the gate found invalid: the refusal stands (it is recorded), and the form stays under it with the
  // gate's reason next to the number, in case it was the typing that was wrong.
  const invalidDocument = stopped?.decision === 'refuse' && stopped.reason === 'invalid-document';
  if (stopped !== null && stopped.decision !== 'pass' && !invalidDocument) {
    return (
      <Card>
        <StepHeading>{t('sender.decisionTitle')}</StepHeading>
        <StopNotice
          decision={stopped.decision}
          reasonKey={stopped.reason}
          {...(stopped.decision === 'refuse' ? { counterMessage: stopped.counterMessage } : {})}
          onNext={onNextSender}
        />
      </Card>
    );
  }

  return (
    <Card>
      <StepHeading autoFocus={false}>{t('sender.title')}</StepHeading>
      {stopped !== null && invalidDocument ? (
        <div style={{ marginBottom: 16 }}>
          <StopNotice
            decision="refuse"
            reasonKey={stopped.reason}
            counterMessage={stopped.counterMessage}
            onNext={onNextSender}
          />
        </div>
      ) : null}
      <Radio.Group
        aria-label={t('sender.kindLabel')}
        value={kind}
        onChange={(event) => {
          setKind(event.target.value as SenderKind);
          setUnplaced([]);
        }}
        optionType="button"
        options={[
          { value: 'document', label: t('sender.kindDocument') },
          { value: 'agreement', label: t('sender.kindAgreement') },
        ]}
        style={{ marginBottom: 16 }}
      />
      {kind === 'document' ? (
        <Form<DocumentValues>
          form={documentForm}
          name="sender"
          layout="vertical"
          requiredMark
          initialValues={{ documentType: 'resident-id', verification: { method: 'card-reader' } }}
          onFieldsChange={() => setNumberFlagged(documentForm.getFieldError('number').length > 0)}
          onFinish={submitDocument}
        >
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item label={t('sender.documentType')} name="documentType" rules={[{ required: true }]}>
                <Select
                  options={PERSON_DOCUMENT_TYPES.map((type) => ({
                    value: type,
                    label: t(`documentTypes.${type}`),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                label={t('sender.number')}
                name="number"
                validateTrigger={['onChange', 'onBlur']}
                dependencies={['documentType']}
                rules={[
                  { required: true, whitespace: true, message: t('sender.numberRequired') },
                  // As typed: what the characters so far already show (a wrong check character, date, region);
                  // a number still too short waits until the courier leaves the field or checks.
                  { validator: (_rule, value: string | undefined) => numberRule(value) },
                ]}
              >
                <Input autoComplete="off" spellCheck={false} autoFocus maxLength={64} />
              </Form.Item>
            </Col>
            {documentType === 'passport' ? (
              <Col xs={24} md={12}>
                <Form.Item
                  label={t('sender.nationality')}
                  name="nationality"
                  extra={t('sender.nationalityHint')}
                  rules={[
                    { required: true, pattern: /^[A-Za-z]{3}$/, message: t('sender.nationalityRequired') },
                  ]}
                >
                  <Input autoComplete="off" maxLength={3} />
                </Form.Item>
              </Col>
            ) : null}
            <Col xs={24} md={12}>
              <Form.Item
                label={t('sender.name')}
                name="name"
                rules={[{ required: true, whitespace: true, message: t('sender.nameRequired') }]}
              >
                <Input autoComplete="off" maxLength={100} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                label={t('sender.phone')}
                name="phone"
                rules={[{ pattern: /^\+?[\d\s-]{6,30}$/, message: t('sender.phoneInvalid') }]}
              >
                <Input autoComplete="off" inputMode="tel" maxLength={30} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                label={t('sender.verification')}
                name={['verification', 'method']}
                rules={[{ required: true }]}
              >
                <Radio.Group
                  aria-label={t('sender.verification')}
                  options={(['card-reader', 'visual', 'face-match'] as const).map((value) => ({
                    value,
                    label: t(`verification.${value}`),
                  }))}
                />
              </Form.Item>
            </Col>
            {method === 'face-match' ? (
              <Col xs={24} md={12}>
                <Form.Item
                  label={t('sender.deviceScore')}
                  name={['verification', 'deviceScore']}
                  rules={[{ required: true, message: t('sender.deviceScoreRequired') }]}
                >
                  <InputNumber min={0} max={1} step={0.01} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            ) : null}
          </Row>
          {typedProblem !== null && numberFlagged ? (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 16 }}
              title={t('sender.typedProblemHint')}
              action={
                <Button size="small" onClick={() => void submitDespiteCheck()} loading={gate.isPending}>
                  {t('sender.submitDespiteCheck')}
                </Button>
              }
            />
          ) : null}
          {unplaced.length === 0 ? null : (
            <Alert
              type="error"
              showIcon
              role="alert"
              style={{ marginBottom: 16 }}
              title={unplaced.join(' ')}
            />
          )}
          <Flex justify="flex-end">
            <Button type="primary" htmlType="submit" loading={gate.isPending}>
              {t('sender.check')}
            </Button>
          </Flex>
        </Form>
      ) : (
        <Form<AgreementValues> form={agreementForm} layout="vertical" onFinish={submitAgreement}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                label={t('agreement.customer')}
                name="agreement"
                rules={[{ required: true, message: t('agreement.required') }]}
              >
                <AgreementPicker siteId={siteId} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                label={t('sender.phone')}
                name="phone"
                rules={[{ pattern: /^\+?[\d\s-]{6,30}$/, message: t('sender.phoneInvalid') }]}
              >
                <Input autoComplete="off" inputMode="tel" maxLength={30} />
              </Form.Item>
            </Col>
          </Row>
          {unplaced.length === 0 ? null : (
            <Alert
              type="error"
              showIcon
              role="alert"
              style={{ marginBottom: 16 }}
              title={unplaced.join(' ')}
            />
          )}
          <Flex justify="flex-end">
            <Button type="primary" htmlType="submit" loading={gate.isPending}>
              {t('sender.check')}
            </Button>
          </Flex>
        </Form>
      )}
      <Divider />
      <Typography.Paragraph>{t('sender.withoutDocument')}</Typography.Paragraph>
      <Flex gap={8} wrap>
        <Button onClick={() => submitWithout('no-document')} disabled={gate.isPending}>
          {t('sender.noDocument')}
        </Button>
        <Button onClick={() => submitWithout('refused-to-show')} disabled={gate.isPending}>
          {t('sender.refusedToShow')}
        </Button>
      </Flex>
    </Card>
  );
}

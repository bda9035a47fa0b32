import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Flex, Form, Input, Radio, Row } from 'antd';
import { useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import { ApiError, fieldErrors } from '../../../api/problem';
import type { InspectionBody, InspectionOutcome, InspectionResult } from '../types';
import { StepHeading } from './StepHeading';

interface InspectionValues {
  outcome: InspectionOutcome;
  foundDescription?: string;
  findings?: string;
}

const OUTCOMES: InspectionOutcome[] = ['consistent', 'inconsistent', 'prohibited-found', 'refused-by-sender'];

/** SHA-256 of a photo, hex: the API keeps the photo's fingerprint, the photo stays with the site's records. */
async function sha256Hex(file: File): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Step 5: the inspection on acceptance (验视): the outcome, what was found, and photos (their fingerprints). A
 * consistent parcel is accepted and gets its signed inspection mark.
 */
export function InspectionStep({
  waybillNo,
  onInspected,
}: {
  waybillNo: string;
  onInspected: (result: InspectionResult) => void;
}) {
  const { t } = useTranslation('counter');
  const [form] = Form.useForm<InspectionValues>();
  const outcome = Form.useWatch('outcome', form);
  const [photos, setPhotos] = useState<{ name: string; hash: string }[]>([]);
  const [hashing, setHashing] = useState(false);
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const inspect = useMutation({
    mutationFn: (body: InspectionBody) =>
      unwrap(api.POST('/api/v1/parcels/{waybillNo}/inspection', { params: { path: { waybillNo } }, body })),
  });
  const needsFound = outcome === 'inconsistent' || outcome === 'prohibited-found';

  async function choosePhotos(event: ChangeEvent<HTMLInputElement>) {
    const files = [...(event.target.files ?? [])].slice(0, 20);
    setHashing(true);
    try {
      setPhotos(
        await Promise.all(files.map(async (file) => ({ name: file.name, hash: await sha256Hex(file) }))),
      );
    } finally {
      setHashing(false);
    }
  }

  async function submit(values: InspectionValues) {
    setUnplaced([]);
    const found = values.foundDescription?.trim() ?? '';
    const findings = values.findings?.trim() ?? '';
    try {
      onInspected(
        await inspect.mutateAsync({
          outcome: values.outcome,
          ...(needsFound && found !== '' ? { foundDescription: found } : {}),
          ...(findings === '' ? {} : { findings }),
          ...(photos.length === 0 ? {} : { photoHashes: photos.map((photo) => photo.hash) }),
        }),
      );
    } catch (caught) {
      if (caught instanceof ApiError) {
        const { fields, unplaced: rest } = fieldErrors(caught.problem);
        form.setFields(fields.map((field) => ({ name: field.name as never, errors: field.errors })));
        setUnplaced(
          caught.code === 'not-certified'
            ? [t('inspection.notCertified')]
            : fields.length === 0 && rest.length === 0
              ? [caught.message]
              : rest,
        );
      } else {
        setUnplaced([t('errors.network', { ns: 'common' })]);
      }
    }
  }

  return (
    <Card>
      <StepHeading>{t('inspection.title', { waybillNo })}</StepHeading>
      <Form<InspectionValues> form={form} layout="vertical" onFinish={(values) => void submit(values)}>
        <Form.Item
          label={t('inspection.outcome')}
          name="outcome"
          rules={[{ required: true, message: t('inspection.outcomeRequired') }]}
        >
          <Radio.Group
            aria-label={t('inspection.outcome')}
            options={OUTCOMES.map((value) => ({ value, label: t(`outcome.${value}`) }))}
          />
        </Form.Item>
        <Row gutter={16}>
          {needsFound ? (
            <Col xs={24} md={12}>
              <Form.Item
                label={t('inspection.foundDescription')}
                name="foundDescription"
                rules={[{ required: true, whitespace: true, message: t('inspection.foundRequired') }]}
              >
                <Input autoComplete="off" maxLength={500} />
              </Form.Item>
            </Col>
          ) : null}
          <Col xs={24} md={needsFound ? 12 : 24}>
            <Form.Item label={t('inspection.findings')} name="findings">
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          label={t('inspection.photos')}
          htmlFor="inspection-photos"
          extra={
            hashing
              ? t('inspection.photosHashing')
              : photos.length === 0
                ? t('inspection.photosHint')
                : t('inspection.photosChosen', { count: photos.length })
          }
        >
          <input
            id="inspection-photos"
            type="file"
            accept="image/*"
            capture="environment"
            multiple
            onChange={(event) => void choosePhotos(event)}
          />
        </Form.Item>
        {unplaced.length === 0 ? null : (
          <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} title={unplaced.join(' ')} />
        )}
        <Flex justify="flex-end">
          <Button type="primary" htmlType="submit" loading={inspect.isPending} disabled={hashing}>
            {t('inspection.submit')}
          </Button>
        </Flex>
      </Form>
    </Card>
  );
}

import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../app/Loading';

/** The inspection mark as a QR code image (a data: URL), named for screen readers by the waybill it marks. */
export function MarkQr({ mark, waybillNo, size = 240 }: { mark: string; waybillNo: string; size?: number }) {
  const { t } = useTranslation('counter');
  const [src, setSrc] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let current = true;
    // The mark is upper-case base32: QR's alphanumeric mode carries it compactly.
    QRCode.toDataURL(mark, { errorCorrectionLevel: 'M', margin: 2, width: size })
      .then((url) => {
        if (current) setSrc(url);
      })
      .catch(() => {
        if (current) setFailed(true);
      });
    return () => {
      current = false;
    };
  }, [mark, size]);
  if (failed) return <span style={{ color: '#a8071a' }}>{t('mark.qrFailed')}</span>;
  if (src === null) return <Loading label={t('mark.qrLoading')} />;
  return <img src={src} width={size} height={size} alt={t('mark.qrAlt', { waybillNo })} />;
}

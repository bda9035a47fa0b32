import { Button, Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** A page the role may not use looks exactly like one that does not exist. */
export default function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          {t('notFound.title')}
        </Typography.Title>
      }
      subTitle={t('notFound.body')}
      extra={
        <Link to="/">
          <Button type="primary">{t('notFound.home')}</Button>
        </Link>
      }
    />
  );
}

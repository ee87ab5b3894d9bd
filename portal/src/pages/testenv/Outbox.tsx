import { Button, Field, Heading, Label, Paragraph, Select, Spinner, Table, Tag, Textfield } from '@digdir/designsystemet-react';
import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api.ts';
import { format, useFormatters, useTexts } from '../../i18n.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { testenvTexts } from './texts.ts';

export interface OutboxMessage {
  messageId: string;
  channel: 'sms' | 'email' | 'letter';
  recipient: string;
  sender: string | null;
  subject: string | null;
  body: string;
  html: string | null;
  createdAt: string;
}

type Channel = '' | OutboxMessage['channel'];
const PAGE = 50;

function query(filter: { recipient: string; channel: Channel }, after?: string): string {
  const q = new URLSearchParams({ limit: String(PAGE) });
  if (filter.recipient) q.set('recipient', filter.recipient);
  if (filter.channel) q.set('channel', filter.channel);
  if (after) q.set('after', after);
  return `/api/v1/testenv/outbox?${q}`;
}

/**
 * Every SMS, e-mail and letter Tinn "sent", newest first: one-time codes, notifications, code letters.
 * Bodies are shown as text (an e-mail's HTML part is not rendered).
 */
export function Outbox() {
  const t = useTexts(testenvTexts);
  const { dateTime } = useFormatters();
  const headingId = useId();
  const [recipient, setRecipient] = useState('');
  const [channel, setChannel] = useState<Channel>('');
  const [filter, setFilter] = useState<{ recipient: string; channel: Channel }>({ recipient: '', channel: '' });
  const [more, setMore] = useState<OutboxMessage[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [moreError, setMoreError] = useState<unknown>();
  const first = useLoad(
    (signal) =>
      api<{ messages: OutboxMessage[]; next: string | null }>('GET', query(filter), undefined, { signal, anonymous: true }).then((page) => {
        setMore([]);
        setNext(page.next);
        return page.messages;
      }),
    [filter],
  );
  const messages = [...(first.data ?? []), ...more];
  const channelName = { sms: t.sms, email: t.emailChannel, letter: t.letter };

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilter({ recipient: recipient.trim(), channel });
  };
  const loadMore = async () => {
    if (!next) return;
    setMoreError(undefined);
    try {
      const page = await api<{ messages: OutboxMessage[]; next: string | null }>('GET', query(filter, next), undefined, { anonymous: true });
      setMore((m) => [...m, ...page.messages]);
      setNext(page.next);
    } catch (err) {
      setMoreError(err);
    }
  };

  return (
    <section className="stack" aria-labelledby={headingId}>
      <Heading level={2} data-size="md" id={headingId}>
        {t.outboxHeading}
      </Heading>
      <Paragraph>{t.outboxIntro}</Paragraph>
      <form className="row" onSubmit={apply} role="search" aria-label={t.outboxFilter}>
        <Textfield id="outbox-recipient" label={t.recipientFilter} autoComplete="off" value={recipient} onChange={(e) => setRecipient(e.target.value)} />
        <Field>
          <Label htmlFor="outbox-channel">{t.channel}</Label>
          <Select id="outbox-channel" value={channel} onChange={(e) => setChannel(e.target.value as Channel)}>
            <Select.Option value="">{t.allChannels}</Select.Option>
            <Select.Option value="sms">{t.sms}</Select.Option>
            <Select.Option value="email">{t.emailChannel}</Select.Option>
            <Select.Option value="letter">{t.letter}</Select.Option>
          </Select>
        </Field>
        <Button type="submit" variant="secondary">
          {t.filter}
        </Button>
        <Button type="button" variant="secondary" onClick={first.reload}>
          {t.refresh}
        </Button>
      </form>
      <ProblemAlert error={first.error ?? moreError} />
      <div role="status" className="visually-hidden">
        {first.data && format(t.outboxCount, { count: messages.length })}
      </div>
      {first.loading && !first.data ? (
        <Spinner aria-label={t.loading} data-size="md" />
      ) : messages.length === 0 ? (
        <Paragraph>{t.outboxEmpty}</Paragraph>
      ) : (
        <Table zebra className="testenv-outbox">
          <caption className="visually-hidden">{t.outboxCaption}</caption>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{t.colSent}</Table.HeaderCell>
              <Table.HeaderCell>{t.channel}</Table.HeaderCell>
              <Table.HeaderCell>{t.colRecipient}</Table.HeaderCell>
              <Table.HeaderCell>{t.colContent}</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {messages.map((m) => (
              <Table.Row key={m.messageId}>
                <Table.Cell className="testenv-nowrap">{dateTime(m.createdAt)}</Table.Cell>
                <Table.Cell>
                  <Tag data-size="sm" data-color={m.channel === 'sms' ? 'info' : m.channel === 'email' ? 'accent' : 'neutral'}>
                    {channelName[m.channel]}
                  </Tag>
                </Table.Cell>
                <Table.Cell>{m.recipient}</Table.Cell>
                <Table.Cell>
                  {m.subject && <strong className="testenv-subject">{m.subject}</strong>}
                  <span className="testenv-body">{m.body}</span>
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
      {next && (
        <Button variant="secondary" onClick={() => void loadMore()}>
          {t.showMore}
        </Button>
      )}
    </section>
  );
}

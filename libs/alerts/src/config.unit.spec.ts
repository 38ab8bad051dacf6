import { DEFAULT_RULE_PARAMS, loadAlertConfig, SCAN_INTERVAL_MS_DEFAULT } from './config';

describe('loadAlertConfig', () => {
  it('falls back to the SPEC defaults, treating empty values as unset', () => {
    const config = loadAlertConfig({ IDLE_DAYS: '' });
    expect(config.params).toEqual(DEFAULT_RULE_PARAMS);
    expect(config.scanIntervalMs).toBe(SCAN_INTERVAL_MS_DEFAULT);
    expect(config.webhookUrl).toBeUndefined();
  });

  it('reads every parameter from the environment', () => {
    const config = loadAlertConfig({
      SPLIT_THRESHOLD_FEN: '1000000',
      POVERTY_LINE_FEN: '700000',
      IDLE_DAYS: '30',
      STALL_DAYS: '60',
      DISTRIBUTION_DAYS: '90',
      CONFIRM_DAYS: '45',
      RETENTION_ALERT: '0.35',
      VISIT_DAYS: '60',
      WATCH_LINE_FEN: '800000',
      ALERT_SCAN_INTERVAL_MS: '60000',
      ALERT_WEBHOOK_URL: 'https://hooks.example.org/alerts',
    });
    expect(config).toEqual({
      params: {
        splitThresholdFen: 1_000_000,
        povertyLineFen: 700_000,
        idleDays: 30,
        stallDays: 60,
        distributionDays: 90,
        confirmDays: 45,
        retentionAlertPpm: 350_000,
        visitDays: 60,
        watchLineFen: 800_000,
      },
      scanIntervalMs: 60_000,
      webhookUrl: 'https://hooks.example.org/alerts',
    });
  });

  it('refuses fractional money, a rate above 1 and a scan interval under a second', () => {
    expect(() => loadAlertConfig({ SPLIT_THRESHOLD_FEN: '10.5' })).toThrow(/SPLIT_THRESHOLD_FEN/);
    expect(() => loadAlertConfig({ RETENTION_ALERT: '1.5' })).toThrow(/RETENTION_ALERT/);
    expect(() => loadAlertConfig({ ALERT_SCAN_INTERVAL_MS: '10' })).toThrow(/SCAN_INTERVAL/);
  });
});

import { ConfigError, DEV_JWT_SECRET, intParam, loadConfig, PORT_DEFAULT } from './config';

describe('loadConfig', () => {
  it('defaults to the embedded one-process setup with a development secret', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: PORT_DEFAULT, eventStore: 'embedded', bus: 'inprocess', dataDir: './data', demo: true,
      jwtSecret: DEV_JWT_SECRET, jwtSecretIsDevDefault: true, production: false,
    });
  });

  it('listens on loopback outside production, on every interface in it, or where HOST says', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    const production = { NODE_ENV: 'production', SUNSHINE_JWT_SECRET: 'x'.repeat(32) };
    expect(loadConfig(production).host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(() => loadConfig({ HOST: 'example.org; rm -rf /' })).toThrow(ConfigError);
  });

  it('requires a secret in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    const config = loadConfig({ NODE_ENV: 'production', SUNSHINE_JWT_SECRET: 'x'.repeat(32) });
    expect(config.jwtSecretIsDevDefault).toBe(false);
  });

  it('needs the servers each mode uses', () => {
    expect(() => loadConfig({ EVENT_STORE: 'postgres' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ BUS: 'kafka' })).toThrow(/KAFKA_BROKERS/);
    const config = loadConfig({ BUS: 'kafka', KAFKA_BROKERS: 'k1:9092, k2:9092' });
    expect(config.kafkaBrokers).toEqual(['k1:9092', 'k2:9092']);
  });

  it('names every invalid variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', EVENT_STORE: 'mongo' })).toThrow(
      /PORT.*EVENT_STORE|EVENT_STORE.*PORT/,
    );
  });

  it('reads SUNSHINE_DEMO=0 as off', () => {
    expect(loadConfig({ SUNSHINE_DEMO: '0' }).demo).toBe(false);
  });

  it('reads integer rule parameters with a default', () => {
    const config = loadConfig({ IDLE_DAYS: '30' });
    expect(intParam(config, 'IDLE_DAYS', 90)).toBe(30);
    expect(intParam(config, 'STALL_DAYS', 180)).toBe(180);
    expect(() => intParam(loadConfig({ IDLE_DAYS: '1.5' }), 'IDLE_DAYS', 90)).toThrow(ConfigError);
  });
});

// @ts-check
// Alarms and a CloudWatch dashboard for the push's metrics, created when DEPLOY_ALARMS=true.
// CloudWatch alarms need one series: the Redis alarms are Metrics Insights queries over every
// target of the namespace (MIN of redis_up, MAX of memory and clients, SUM of evictions), so
// targets added later (cluster nodes included) are covered without a redeploy; the dashboard
// draws every target of each metric of the default set with SEARCH.

const TRUE = new Set(['1', 't', 'true', 'yes', 'on'])

/**
 * @param {string} id
 * @param {string} description
 * @param {string} query a Metrics Insights query returning one series
 * @param {{ op: string, threshold: number, periods: number, datapoints: number, missing: string }} rule
 * @param {string} topic
 */
function insightsAlarm(id, description, query, rule, topic) {
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmDescription: description,
      Metrics: [{ Id: 'q', Expression: query, Period: 60, ReturnData: true }],
      ComparisonOperator: rule.op,
      Threshold: rule.threshold,
      EvaluationPeriods: rule.periods,
      DatapointsToAlarm: rule.datapoints,
      TreatMissingData: rule.missing,
      ...(topic ? { AlarmActions: [topic], OKActions: [topic] } : {}),
    },
    __id: id,
  }
}

/**
 * @param {string | undefined} value
 * @param {number | undefined} fallback
 * @param {string} name
 */
function threshold(value, fallback, name) {
  if (value === undefined || value.trim() === '') return fallback
  const n = Number(value.trim())
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name}: "${value}" is not a positive number`)
  return n
}

/**
 * The alarm and dashboard resources (none unless custom.deploy.alarms is true).
 * @param {any} service
 * @param {any} custom
 * @returns {Record<string, object>}
 */
export function alarmResources(service, custom) {
  const deploy = custom.deploy ?? {}
  if (
    !TRUE.has(
      String(deploy.alarms ?? '')
        .trim()
        .toLowerCase()
    )
  )
    return {}
  const ns = custom.cloudWatchNamespace
  const p = deploy.metricPrefix || 'redis'
  const topic = String(deploy.alarmTopicArn ?? '').trim()
  const from = `FROM "${ns}"`
  const memory = threshold(deploy.alarmMemoryBytes, undefined, 'DEPLOY_ALARM_MEMORY_BYTES')
  // ElastiCache and MemoryDB allow 65,000 clients: 80 % of that by default.
  const clients = threshold(deploy.alarmClients, 52000, 'DEPLOY_ALARM_CLIENTS')
  const alarms = [
    insightsAlarm(
      'RedisDownAlarm',
      `A Redis target is down (${p}_up < 1), or the push stopped sending`,
      `SELECT MIN(${p}_up) ${from}`,
      { op: 'LessThanThreshold', threshold: 1, periods: 3, datapoints: 2, missing: 'breaching' },
      topic
    ),
    insightsAlarm(
      'RedisEvictionsAlarm',
      'A Redis target evicts keys (memory full)',
      `SELECT SUM(${p}_evicted_keys_total) ${from}`,
      {
        op: 'GreaterThanThreshold',
        threshold: 0,
        periods: 5,
        datapoints: 3,
        missing: 'notBreaching',
      },
      topic
    ),
    insightsAlarm(
      'RedisClientsAlarm',
      `A Redis target has more than ${clients} clients (near maxclients)`,
      `SELECT MAX(${p}_connected_clients) ${from}`,
      {
        op: 'GreaterThanThreshold',
        threshold: clients,
        periods: 5,
        datapoints: 3,
        missing: 'notBreaching',
      },
      topic
    ),
    ...(memory === undefined
      ? []
      : [
          insightsAlarm(
            'RedisMemoryAlarm',
            `A Redis target uses more than ${memory} bytes (near maxmemory)`,
            `SELECT MAX(${p}_memory_used_bytes) ${from}`,
            {
              op: 'GreaterThanThreshold',
              threshold: memory,
              periods: 5,
              datapoints: 3,
              missing: 'notBreaching',
            },
            topic
          ),
        ]),
  ]
  /** @type {Record<string, object>} */
  const out = {}
  for (const { __id, ...alarm } of alarms) out[__id] = alarm
  out['PushErrorsAlarm'] = {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmDescription: 'The push function failed (crash, timeout or configuration error)',
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: 'PushLambdaFunction' } }],
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      ...(topic ? { AlarmActions: [topic], OKActions: [topic] } : {}),
    },
  }
  out['RedisDashboard'] = dashboard(service, custom, p)
  return out
}

/**
 * One widget per metric of the default set (every target, by SEARCH), then the push function.
 * @param {any} service
 * @param {any} custom
 * @param {string} p
 */
function dashboard(service, custom, p) {
  const ns = custom.cloudWatchNamespace
  /** @type {{family: string, unit: string}[]} */
  const metrics = custom.dashboardMetrics ?? []
  const widgets = metrics.map((m, i) => ({
    type: 'metric',
    x: (i % 3) * 8,
    y: Math.floor(i / 3) * 6,
    width: 8,
    height: 6,
    properties: {
      title: `${p}_${m.family} (${m.unit})`,
      region: '${AWS::Region}',
      view: 'timeSeries',
      stat: m.family === 'up' ? 'Minimum' : 'Average',
      period: 60,
      metrics: [
        [
          {
            expression: `SEARCH('Namespace="${ns}" MetricName="${p}_${m.family}"', '${m.family === 'up' ? 'Minimum' : 'Average'}', 60)`,
            id: 'e1',
          },
        ],
      ],
    },
  }))
  widgets.push({
    type: 'metric',
    x: 0,
    y: Math.ceil(metrics.length / 3) * 6,
    width: 24,
    height: 6,
    properties: {
      title: 'push function',
      region: '${AWS::Region}',
      view: 'timeSeries',
      stat: 'Sum',
      period: 60,
      metrics: [
        ['AWS/Lambda', 'Errors', 'FunctionName', '${PushLambdaFunction}'],
        ['.', 'Duration', '.', '.', { stat: 'Maximum' }],
      ],
    },
  })
  return {
    Type: 'AWS::CloudWatch::Dashboard',
    Properties: {
      DashboardName: `${service.service}-${service.provider.stage}`,
      DashboardBody: { 'Fn::Sub': JSON.stringify({ widgets }) },
    },
  }
}

{{ config(materialized='incremental', incremental_strategy='insert_overwrite', partitioned_by=['order_day'],
          format='parquet') }}
-- the partition column comes last, as Athena's CTAS and INSERT INTO take it
select sum(amount) as revenue, count(*) as orders, order_day
from {{ ref('orders') }}
{% if is_incremental() %}
where order_day = date '{{ var("load_day") }}'
{% endif %}
group by order_day

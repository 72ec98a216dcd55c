{{ config(materialized='incremental', table_type='iceberg', incremental_strategy='merge',
          unique_key='customer', format='parquet') }}
select customer, max(order_day) as last_day, sum(amount) as spent
from {{ ref('orders') }}
{% if is_incremental() %}
where order_day = date '{{ var("load_day") }}'
{% endif %}
group by customer
